package io.lcnnserve.store.lifecycle;

/**
 * A version could not be loaded.
 *
 * @see VersionLoader
 */
final class VersionLoadException extends Exception {
    private final String sha256;
    private final boolean filesChanged;

    VersionLoadException(String message, String sha256, boolean filesChanged, Throwable cause) {
        super(message, cause);
        this.sha256 = sha256;
        this.filesChanged = filesChanged;
    }

    /** The digest of model.onnx when it was computed before the failure, else null. */
    String sha256() {
        return sha256;
    }

    /** The files changed while loading: not a verdict on the version, retry at the next scan. */
    boolean filesChanged() {
        return filesChanged;
    }
}
