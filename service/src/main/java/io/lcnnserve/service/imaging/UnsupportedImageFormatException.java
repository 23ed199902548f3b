package io.lcnnserve.service.imaging;

/** The bytes are not in any image format the decoder accepts (JPEG, PNG, BMP, GIF, WebP). */
public final class UnsupportedImageFormatException extends ImagingException {

    public UnsupportedImageFormatException(String message) {
        super(message);
    }
}
