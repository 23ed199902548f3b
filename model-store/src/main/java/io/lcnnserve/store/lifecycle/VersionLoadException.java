package io.lcnnserve.store.lifecycle;

/**
 * A version could not be loaded.
 *
 * @see VersionLoader
 */
final class VersionLoadException extends Exception {
    private final String sha256;
    private final boolean retryable;

    VersionLoadException(String message, String sha256, boolean retryable, Throwable cause) {
        super(message, cause);
        this.sha256 = sha256;
        this.retryable = retryable;
    }

    /** The digest of model.onnx when it was computed before the failure, else null. */
    String sha256() {
        return sha256;
    }

    /**
     * Not a verdict on the version's content (its files changed while loading, or fetching them
     * failed): retry at the next scan instead of waiting for a change.
     */
    boolean retryable() {
        return retryable;
    }
}
