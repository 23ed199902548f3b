package io.lcnnserve.service.serving;

/** The model exists but cannot serve now: loading, failed, unloaded, or the server is shutting down. */
public class ModelNotReadyException extends RuntimeException {
    public ModelNotReadyException(String message) {
        super(message);
    }
}
