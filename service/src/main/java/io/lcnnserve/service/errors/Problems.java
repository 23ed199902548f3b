package io.lcnnserve.service.errors;

import io.lcnnserve.service.api.ApiRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.springframework.http.ProblemDetail;

/** Adds the request's context to a problem: instance path, request id, model, version, V2 {@code error}. */
final class Problems {
    private Problems() {
    }

    static void describe(ProblemDetail problem, HttpServletRequest request) {
        if (problem.getInstance() == null) {
            problem.setInstance(URI.create(request.getRequestURI()));
        }
        putIfPresent(problem, "requestId", ApiRequest.requestIdOf(request));
        putIfPresent(problem, "model", ApiRequest.modelOf(request));
        putIfPresent(problem, "version", ApiRequest.versionOf(request));
        putIfPresent(problem, "error", problem.getDetail());
    }

    private static void putIfPresent(ProblemDetail problem, String name, String value) {
        if (value != null && (problem.getProperties() == null || !problem.getProperties().containsKey(name))) {
            problem.setProperty(name, value);
        }
    }
}
