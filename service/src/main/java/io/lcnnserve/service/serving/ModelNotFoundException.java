package io.lcnnserve.service.serving;

/** No such model, or no such version of it, in the repository. */
public class ModelNotFoundException extends RuntimeException {
    public ModelNotFoundException(String message) {
        super(message);
    }
}
