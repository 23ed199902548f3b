package io.lcnnserve.core.runtime;

/**
 * The inputs given to a session do not fit the model: an unknown or missing input name, a wrong
 * element type or a shape that does not match the model's signature. The message states what was
 * expected and what was given.
 */
public class InvalidInputException extends IllegalArgumentException {
    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
