package io.lcnnserve.service.imaging;

import java.util.Arrays;

/**
 * An 8-bit RGB image: {@code width * height} pixels, row-major, three interleaved bytes per pixel
 * (R, G, B; values 0..255 read as unsigned).
 *
 * <p>Treated as immutable: {@link #pixels()} exposes the backing array to avoid copies in the
 * preprocessing pipeline; callers must not modify it.
 */
public final class RgbImage {
    private final int width;
    private final int height;
    private final byte[] pixels;

    public RgbImage(int width, int height, byte[] pixels) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        if (pixels.length != (long) width * height * 3) {
            throw new IllegalArgumentException("a " + width + "x" + height + " RGB image needs "
                + (long) width * height * 3 + " bytes, got " + pixels.length);
        }
        this.width = width;
        this.height = height;
        this.pixels = pixels;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The interleaved RGB bytes (the backing array, not a copy). */
    public byte[] pixels() {
        return pixels;
    }

    /** Channel {@code channel} (0 = R, 1 = G, 2 = B) of pixel ({@code x}, {@code y}), 0..255. */
    public int sample(int x, int y, int channel) {
        return pixels[((y * width) + x) * 3 + channel] & 0xff;
    }

    /** The {@code cropWidth x cropHeight} region whose top-left corner is ({@code left}, {@code top}). */
    public RgbImage crop(int left, int top, int cropWidth, int cropHeight) {
        if (left < 0 || top < 0 || cropWidth < 1 || cropHeight < 1
            || left + cropWidth > width || top + cropHeight > height) {
            throw new IllegalArgumentException("crop " + cropWidth + "x" + cropHeight + " at (" + left + ", " + top
                + ") does not fit a " + width + "x" + height + " image");
        }
        if (left == 0 && top == 0 && cropWidth == width && cropHeight == height) {
            return this;
        }
        byte[] out = new byte[cropWidth * cropHeight * 3];
        for (int y = 0; y < cropHeight; y++) {
            System.arraycopy(pixels, ((top + y) * width + left) * 3, out, y * cropWidth * 3, cropWidth * 3);
        }
        return new RgbImage(cropWidth, cropHeight, out);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RgbImage image && image.width == width && image.height == height
            && Arrays.equals(image.pixels, pixels);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.hashCode(pixels);
    }

    @Override
    public String toString() {
        return "RgbImage(" + width + "x" + height + ")";
    }
}
