package io.lcnnserve.service.serving;

/** The request is malformed or does not fit the model; the message says what was expected. */
public class InvalidRequestException extends RuntimeException {
    public InvalidRequestException(String message) {
        super(message);
    }

    public InvalidRequestException(String message, Throwable cause) {
        super(message, cause);
    }
}
