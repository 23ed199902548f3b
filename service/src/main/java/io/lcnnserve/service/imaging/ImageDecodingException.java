package io.lcnnserve.service.imaging;

/** The bytes look like a supported format but cannot be decoded (truncated, corrupt, inconsistent). */
public final class ImageDecodingException extends ImagingException {

    public ImageDecodingException(String message) {
        super(message);
    }

    public ImageDecodingException(String message, Throwable cause) {
        super(message, cause);
    }
}
