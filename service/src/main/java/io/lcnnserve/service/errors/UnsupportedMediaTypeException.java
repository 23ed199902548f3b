package io.lcnnserve.service.errors;

/** The request's content type is not one the endpoint accepts. */
public class UnsupportedMediaTypeException extends RuntimeException {
    public UnsupportedMediaTypeException(String message) {
        super(message);
    }
}
