package io.lcnnserve.service.imaging;

/**
 * The image header declares more pixels than allowed. Raised before any pixel data is decoded, so a
 * small file claiming huge dimensions (a decompression bomb) costs no memory.
 */
public final class ImageTooLargeException extends ImagingException {
    private final long width;
    private final long height;
    private final long maxPixels;

    public ImageTooLargeException(long width, long height, long maxPixels) {
        super("image of " + width + "x" + height + " = " + width * height
            + " pixels exceeds the limit of " + maxPixels + " pixels");
        this.width = width;
        this.height = height;
        this.maxPixels = maxPixels;
    }

    public long width() {
        return width;
    }

    public long height() {
        return height;
    }

    public long maxPixels() {
        return maxPixels;
    }
}
