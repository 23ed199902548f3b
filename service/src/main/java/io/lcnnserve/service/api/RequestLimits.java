package io.lcnnserve.service.api;

import io.lcnnserve.service.config.LcnnProperties;
import io.lcnnserve.service.errors.PayloadTooLargeException;
import io.lcnnserve.service.serving.Deadline;
import io.lcnnserve.service.serving.InvalidRequestException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import org.springframework.stereotype.Component;

/** Reads request bodies within their size limit and turns the deadline header into a {@link Deadline}. */
@Component
public class RequestLimits {
    public static final String TIMEOUT_HEADER = "X-Request-Timeout-Ms";

    private final LcnnProperties properties;

    public RequestLimits(LcnnProperties properties) {
        this.properties = properties;
    }

    /** The request's deadline: now + {@code X-Request-Timeout-Ms}, or the configured default. */
    public Deadline deadline(HttpServletRequest request) {
        String header = request.getHeader(TIMEOUT_HEADER);
        if (header == null || header.isBlank()) {
            return Deadline.after(properties.defaultDeadline());
        }
        long millis;
        try {
            millis = Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException(TIMEOUT_HEADER + " must be a whole number of milliseconds, got '" + header + "'");
        }
        long max = properties.maxDeadline().toMillis();
        if (millis < 1 || millis > max) {
            throw new InvalidRequestException(TIMEOUT_HEADER + " must be within 1.." + max + " ms, got " + millis);
        }
        return Deadline.after(Duration.ofMillis(millis));
    }

    /** The raw body of an image upload, at most {@code lcnn.limits.max-image-size} bytes. */
    public byte[] imageBody(HttpServletRequest request) throws IOException {
        byte[] body = readBody(request, properties.limits().maxImageSize().toBytes(), "the image");
        if (body.length == 0) {
            throw new InvalidRequestException("the request body is empty; send the image bytes as the body");
        }
        return body;
    }

    /** The body of a V2 inference request, at most {@code lcnn.limits.max-request-size} bytes. */
    public byte[] inferBody(HttpServletRequest request) throws IOException {
        return readBody(request, properties.limits().maxRequestSize().toBytes(), "the inference request");
    }

    public int maxTopK() {
        return properties.limits().maxTopK();
    }

    private static byte[] readBody(HttpServletRequest request, long limit, String what) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            throw new PayloadTooLargeException(what, limit, declared);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 8192);
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = request.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (out.size() + (long) n > limit) {
                    throw new PayloadTooLargeException(what, limit, -1);
                }
                out.write(buffer, 0, n);
            }
        }
        return out.toByteArray();
    }
}
