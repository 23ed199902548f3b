package io.lcnnserve.service.imaging;

/**
 * Base of every rejection raised while turning request bytes into a model input. Subtypes map to
 * distinct HTTP statuses (400 undecodable, 413 too large, 415 unsupported format).
 */
public abstract sealed class ImagingException extends RuntimeException
    permits ImageDecodingException, ImageTooLargeException, UnsupportedImageFormatException {

    protected ImagingException(String message) {
        super(message);
    }

    protected ImagingException(String message, Throwable cause) {
        super(message, cause);
    }
}
