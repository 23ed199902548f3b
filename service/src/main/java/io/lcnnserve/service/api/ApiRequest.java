package io.lcnnserve.service.api;

import jakarta.servlet.http.HttpServletRequest;

/**
 * What a request was about, recorded on the servlet request by the controllers so that logging,
 * metrics and error responses can name the endpoint, model and version.
 */
public final class ApiRequest {
    public static final String REQUEST_ID = "lcnn.requestId";
    public static final String ENDPOINT = "lcnn.endpoint";
    public static final String MODEL = "lcnn.model";
    public static final String VERSION = "lcnn.version";
    /** Endpoints that run a model; they are counted in {@code lcnn_requests_total}. */
    public static final java.util.Set<String> MODEL_ENDPOINTS = java.util.Set.of("classify", "infer", "profile");
    /** Model tag for requests that named no model of the repository (keeps metric labels bounded). */
    public static final String UNKNOWN_MODEL = "_unknown";

    private ApiRequest() {
    }

    public static void endpoint(HttpServletRequest request, String endpoint) {
        request.setAttribute(ENDPOINT, endpoint);
    }

    /** Records the model and version a request was served by, once they are known to exist. */
    public static void served(HttpServletRequest request, String model, long version) {
        request.setAttribute(MODEL, model);
        request.setAttribute(VERSION, Long.toString(version));
    }

    public static String endpointOf(HttpServletRequest request) {
        Object value = request.getAttribute(ENDPOINT);
        return value == null ? null : value.toString();
    }

    public static String modelOf(HttpServletRequest request) {
        Object value = request.getAttribute(MODEL);
        return value == null ? null : value.toString();
    }

    public static String versionOf(HttpServletRequest request) {
        Object value = request.getAttribute(VERSION);
        return value == null ? null : value.toString();
    }

    public static String requestIdOf(HttpServletRequest request) {
        Object value = request.getAttribute(REQUEST_ID);
        return value == null ? null : value.toString();
    }
}
