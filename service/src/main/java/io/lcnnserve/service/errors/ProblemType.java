package io.lcnnserve.service.errors;

import java.net.URI;

/** The kinds of problem the API reports, each with a stable type URI clients can switch on. */
public enum ProblemType {
    INVALID_REQUEST("invalid-request", "Invalid request"),
    UNDECODABLE_IMAGE("undecodable-image", "Image cannot be decoded"),
    UNAUTHORIZED("unauthorized", "Authentication required"),
    FORBIDDEN("forbidden", "Access denied"),
    NOT_FOUND("not-found", "Not found"),
    MODEL_NOT_FOUND("model-not-found", "Model not found"),
    METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed"),
    NOT_ACCEPTABLE("not-acceptable", "Not acceptable"),
    PAYLOAD_TOO_LARGE("payload-too-large", "Request too large"),
    IMAGE_TOO_LARGE("image-too-large", "Image too large"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "Unsupported media type"),
    QUEUE_FULL("queue-full", "Too many requests"),
    PROFILER_BUSY("profiler-busy", "Profiler busy"),
    INTERNAL_ERROR("internal-error", "Internal server error"),
    MODEL_NOT_READY("model-not-ready", "Model not ready"),
    DEADLINE_EXCEEDED("deadline-exceeded", "Deadline exceeded"),
    OTHER("http-error", "HTTP error");

    private static final String PREFIX = "urn:lcnn-serve:problem:";

    private final String slug;
    private final String title;

    ProblemType(String slug, String title) {
        this.slug = slug;
        this.title = title;
    }

    public URI uri() {
        return URI.create(PREFIX + slug);
    }

    public String title() {
        return title;
    }

    /** The generic type for a status raised by the framework rather than by our code. */
    public static ProblemType forStatus(int status) {
        return switch (status) {
            case 400 -> INVALID_REQUEST;
            case 401 -> UNAUTHORIZED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 429 -> QUEUE_FULL;
            case 500 -> INTERNAL_ERROR;
            case 503 -> MODEL_NOT_READY;
            case 504 -> DEADLINE_EXCEEDED;
            default -> OTHER;
        };
    }
}
