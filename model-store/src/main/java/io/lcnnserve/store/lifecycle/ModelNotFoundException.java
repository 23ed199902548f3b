package io.lcnnserve.store.lifecycle;

/** No model of that name is in the repository (or is known to the manager). */
public class ModelNotFoundException extends IllegalArgumentException {
    public ModelNotFoundException(String message) {
        super(message);
    }
}
