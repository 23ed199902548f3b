package io.lcnnserve.service.imaging;

/**
 * The few JPEG header facts the decoder needs, read by walking the marker segments up to the first
 * scan: the frame's component count, the Adobe APP14 colour transform and the EXIF orientation.
 *
 * @param components     number of colour components in the frame (0 if no SOF segment was seen)
 * @param adobeTransform Adobe APP14 transform (0 = none/CMYK, 1 = YCbCr, 2 = YCCK), or -1 without an Adobe segment
 * @param orientation    EXIF orientation, {@link ExifOrientation#NORMAL} when absent or malformed
 */
record JpegHeader(int components, int adobeTransform, ExifOrientation orientation) {
    static final int NO_ADOBE_SEGMENT = -1;

    /**
     * Parses the segments of {@code jpeg} (which starts with SOI). Malformed segments end the walk
     * with what was found so far: the image reader reports real corruption.
     */
    static JpegHeader parse(byte[] jpeg) {
        int components = 0;
        int adobeTransform = NO_ADOBE_SEGMENT;
        ExifOrientation orientation = null;
        int pos = 2;
        while (pos + 4 <= jpeg.length && (jpeg[pos] & 0xff) == 0xff) {
            int marker = jpeg[pos + 1] & 0xff;
            if (marker == 0xff) {
                pos++; // fill byte before a marker
                continue;
            }
            if (marker == 0xda || marker == 0xd9) {
                break; // start of scan / end of image
            }
            int segmentLength = (jpeg[pos + 2] & 0xff) << 8 | (jpeg[pos + 3] & 0xff);
            int payload = pos + 4;
            int end = pos + 2 + segmentLength;
            if (segmentLength < 2 || end > jpeg.length) {
                break;
            }
            if (isStartOfFrame(marker) && end - payload >= 6) {
                components = jpeg[payload + 5] & 0xff;
            } else if (marker == 0xee && startsWithAscii(jpeg, payload, end, "Adobe") && end - payload >= 12) {
                adobeTransform = jpeg[payload + 11] & 0xff;
            } else if (marker == 0xe1 && orientation == null && startsWithAscii(jpeg, payload, end, "Exif\0\0")) {
                orientation = ExifOrientation.fromTiff(jpeg, payload + 6, end);
            }
            pos = end;
        }
        return new JpegHeader(components, adobeTransform, orientation == null ? ExifOrientation.NORMAL : orientation);
    }

    /** SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC). */
    private static boolean isStartOfFrame(int marker) {
        return marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
    }

    private static boolean startsWithAscii(byte[] data, int from, int end, String prefix) {
        if (end - from < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (data[from + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
