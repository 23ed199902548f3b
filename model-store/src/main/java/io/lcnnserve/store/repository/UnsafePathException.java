package io.lcnnserve.store.repository;

/**
 * A model name, version or file path that could reach outside the repository (traversal,
 * absolute path, link leaving the root) or is otherwise not a plain name.
 */
public class UnsafePathException extends IllegalArgumentException {
    public UnsafePathException(String message) {
        super(message);
    }
}
