package io.lcnnserve.service.api;

import io.lcnnserve.service.metrics.ServingMetrics;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an id (the client's {@code X-Request-Id} if it is sane, else a new one),
 * echoes it, puts it in the logging context as {@code requestId}, and logs one line per API
 * request with method, path, status, duration, endpoint, model and version. Model requests also
 * feed {@code lcnn_requests_total} and {@code lcnn_request_duration_seconds}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestLoggingFilter extends OncePerRequestFilter {
    public static final String REQUEST_ID_HEADER = "X-Request-Id";
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Logger log = LoggerFactory.getLogger("io.lcnnserve.service.access");

    private final ServingMetrics metrics;

    public RequestLoggingFilter(ServingMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws ServletException, IOException {
        String given = request.getHeader(REQUEST_ID_HEADER);
        String requestId = given != null && SAFE_ID.matcher(given).matches() ? given : UUID.randomUUID().toString();
        request.setAttribute(ApiRequest.REQUEST_ID, requestId);
        response.setHeader(REQUEST_ID_HEADER, requestId);
        MDC.put("requestId", requestId);
        long start = System.nanoTime();
        try {
            chain.doFilter(request, response);
        } finally {
            long nanos = System.nanoTime() - start;
            record(request, response.getStatus(), nanos);
            MDC.remove("requestId");
        }
    }

    private void record(HttpServletRequest request, int status, long nanos) {
        String endpoint = ApiRequest.endpointOf(request);
        String model = ApiRequest.modelOf(request);
        String version = ApiRequest.versionOf(request);
        if (endpoint != null && ApiRequest.MODEL_ENDPOINTS.contains(endpoint)) {
            metrics.request(model == null ? ApiRequest.UNKNOWN_MODEL : model, version == null ? "" : version,
                endpoint, outcome(status), nanos);
        }
        String path = request.getRequestURI();
        boolean api = path.startsWith("/v1/") || path.startsWith("/v2");
        if (api || log.isDebugEnabled()) {
            String line = "method={} path={} status={} duration_ms={} endpoint={} model={} version={}";
            Object[] args = {request.getMethod(), path, status, String.format("%.2f", nanos / 1e6),
                endpoint == null ? "-" : endpoint, model == null ? "-" : model, version == null ? "-" : version};
            if (api && !path.startsWith("/v2/health")) {
                log.info(line, args);
            } else {
                log.debug(line, args);
            }
        }
    }

    /** A bounded set of outcome labels. */
    static String outcome(int status) {
        return switch (status) {
            case 200, 201, 204 -> "success";
            case 400, 413, 415 -> "invalid";
            case 401, 403 -> "denied";
            case 404 -> "not_found";
            case 429 -> "rejected";
            case 503 -> "unavailable";
            case 504 -> "timeout";
            default -> status >= 500 ? "error" : "other";
        };
    }
}
