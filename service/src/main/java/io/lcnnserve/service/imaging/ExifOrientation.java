package io.lcnnserve.service.imaging;

/**
 * The EXIF/TIFF Orientation tag (0x0112): how the stored pixels must be transformed to show the
 * picture upright. Values 1..8 as in the EXIF 2.3 specification; the transforms are those of
 * Pillow's {@code ImageOps.exif_transpose}.
 */
public enum ExifOrientation {
    /** 1: stored upright. */
    NORMAL(1),
    /** 2: mirrored left-right. */
    MIRROR_HORIZONTAL(2),
    /** 3: upside down. */
    ROTATE_180(3),
    /** 4: mirrored top-bottom. */
    MIRROR_VERTICAL(4),
    /** 5: mirrored along the main diagonal (output(x, y) = stored(y, x)). */
    TRANSPOSE(5),
    /** 6: stored rotated 90 degrees counter-clockwise; shown by rotating 90 degrees clockwise. */
    ROTATE_90_CLOCKWISE(6),
    /** 7: mirrored along the anti-diagonal. */
    TRANSVERSE(7),
    /** 8: stored rotated 90 degrees clockwise; shown by rotating 90 degrees counter-clockwise. */
    ROTATE_90_COUNTER_CLOCKWISE(8);

    private static final int ORIENTATION_TAG = 0x0112;
    private static final int TIFF_SHORT = 3;

    private final int tagValue;

    ExifOrientation(int tagValue) {
        this.tagValue = tagValue;
    }

    public int tagValue() {
        return tagValue;
    }

    /** The orientation for an EXIF tag value; values outside 1..8 mean "unknown" and give {@link #NORMAL}. */
    public static ExifOrientation fromTagValue(int value) {
        for (ExifOrientation orientation : values()) {
            if (orientation.tagValue == value) {
                return orientation;
            }
        }
        return NORMAL;
    }

    /** Whether the transform exchanges width and height. */
    public boolean swapsDimensions() {
        return tagValue >= 5;
    }

    /** {@code image} transformed to display orientation (the same instance for {@link #NORMAL}). */
    public RgbImage apply(RgbImage image) {
        if (this == NORMAL) {
            return image;
        }
        int srcWidth = image.width();
        int srcHeight = image.height();
        int outWidth = swapsDimensions() ? srcHeight : srcWidth;
        int outHeight = swapsDimensions() ? srcWidth : srcHeight;
        byte[] src = image.pixels();
        byte[] out = new byte[src.length];
        for (int y = 0; y < outHeight; y++) {
            for (int x = 0; x < outWidth; x++) {
                int sx;
                int sy;
                switch (this) {
                    case MIRROR_HORIZONTAL -> { sx = srcWidth - 1 - x; sy = y; }
                    case ROTATE_180 -> { sx = srcWidth - 1 - x; sy = srcHeight - 1 - y; }
                    case MIRROR_VERTICAL -> { sx = x; sy = srcHeight - 1 - y; }
                    case TRANSPOSE -> { sx = y; sy = x; }
                    case ROTATE_90_CLOCKWISE -> { sx = y; sy = srcHeight - 1 - x; }
                    case TRANSVERSE -> { sx = srcWidth - 1 - y; sy = srcHeight - 1 - x; }
                    case ROTATE_90_COUNTER_CLOCKWISE -> { sx = srcWidth - 1 - y; sy = x; }
                    default -> throw new IllegalStateException("unhandled orientation " + this);
                }
                int from = (sy * srcWidth + sx) * 3;
                int to = (y * outWidth + x) * 3;
                out[to] = src[from];
                out[to + 1] = src[from + 1];
                out[to + 2] = src[from + 2];
            }
        }
        return new RgbImage(outWidth, outHeight, out);
    }

    /**
     * The orientation recorded in a JPEG's EXIF (APP1) segment, or {@link #NORMAL} when the file has
     * no EXIF segment, no orientation tag, or a malformed one (orientation is a display hint: a broken
     * hint must not reject an otherwise decodable image).
     */
    public static ExifOrientation ofJpeg(byte[] jpeg) {
        return JpegHeader.parse(jpeg).orientation();
    }

    /** The orientation in the TIFF structure (EXIF payload) spanning [{@code tiff}, {@code end}) of {@code data}. */
    static ExifOrientation fromTiff(byte[] data, int tiff, int end) {
        return fromTagValue(readTiffOrientation(data, tiff, end));
    }

    /** The orientation value in IFD0 of the TIFF structure spanning [{@code tiff}, {@code end}), or 1. */
    private static int readTiffOrientation(byte[] data, int tiff, int end) {
        if (end - tiff < 8) {
            return 1;
        }
        boolean bigEndian;
        if (data[tiff] == 'M' && data[tiff + 1] == 'M') {
            bigEndian = true;
        } else if (data[tiff] == 'I' && data[tiff + 1] == 'I') {
            bigEndian = false;
        } else {
            return 1;
        }
        if (readUnsigned16(data, tiff + 2, bigEndian) != 42) {
            return 1;
        }
        long ifd0 = tiff + readUnsigned32(data, tiff + 4, bigEndian);
        if (ifd0 + 2 > end) {
            return 1;
        }
        int entries = readUnsigned16(data, (int) ifd0, bigEndian);
        for (int i = 0; i < entries; i++) {
            int entry = (int) ifd0 + 2 + i * 12;
            if (entry + 12 > end) {
                return 1;
            }
            if (readUnsigned16(data, entry, bigEndian) == ORIENTATION_TAG) {
                int type = readUnsigned16(data, entry + 2, bigEndian);
                // A SHORT value of count 1 sits left-justified in the 4-byte value field.
                return type == TIFF_SHORT ? readUnsigned16(data, entry + 8, bigEndian) : 1;
            }
        }
        return 1;
    }

    private static int readUnsigned16(byte[] data, int pos, boolean bigEndian) {
        int a = data[pos] & 0xff;
        int b = data[pos + 1] & 0xff;
        return bigEndian ? a << 8 | b : b << 8 | a;
    }

    private static long readUnsigned32(byte[] data, int pos, boolean bigEndian) {
        long high = readUnsigned16(data, bigEndian ? pos : pos + 2, bigEndian);
        long low = readUnsigned16(data, bigEndian ? pos + 2 : pos, bigEndian);
        return high << 16 | low;
    }
}
