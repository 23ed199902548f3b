package io.lcnnserve.service.imaging;

import java.io.ByteArrayOutputStream;

/**
 * The few JPEG header facts the decoder needs, read by walking the marker segments up to the first
 * scan: the frame's component count, the Adobe APP14 colour transform, the EXIF orientation and
 * whether an ICC profile is embedded.
 *
 * @param components     number of colour components in the frame (0 if no SOF segment was seen)
 * @param adobeTransform Adobe APP14 transform (0 = none/CMYK, 1 = YCbCr, 2 = YCCK), or -1 without an Adobe segment
 * @param orientation    EXIF orientation, {@link ExifOrientation#NORMAL} when absent or malformed
 * @param hasIccProfile  whether an APP2 ICC_PROFILE segment is present
 */
record JpegHeader(int components, int adobeTransform, ExifOrientation orientation, boolean hasIccProfile) {
    static final int NO_ADOBE_SEGMENT = -1;

    private static final int APP1 = 0xe1;
    private static final int APP2 = 0xe2;
    private static final int APP14 = 0xee;

    /**
     * Parses the segments of {@code jpeg} (which starts with SOI). Malformed segments end the walk
     * with what was found so far: the image reader reports real corruption.
     */
    static JpegHeader parse(byte[] jpeg) {
        int[] components = {0};
        int[] adobeTransform = {NO_ADOBE_SEGMENT};
        ExifOrientation[] orientation = {null};
        boolean[] hasIccProfile = {false};
        forEachSegment(jpeg, (marker, payload, end) -> {
            if (isStartOfFrame(marker) && end - payload >= 6) {
                components[0] = jpeg[payload + 5] & 0xff;
            } else if (marker == APP14 && startsWithAscii(jpeg, payload, end, "Adobe") && end - payload >= 12) {
                adobeTransform[0] = jpeg[payload + 11] & 0xff;
            } else if (marker == APP1 && orientation[0] == null && startsWithAscii(jpeg, payload, end, "Exif\0\0")) {
                orientation[0] = ExifOrientation.fromTiff(jpeg, payload + 6, end);
            } else if (isIccProfile(jpeg, marker, payload, end)) {
                hasIccProfile[0] = true;
            }
        });
        return new JpegHeader(components[0], adobeTransform[0],
            orientation[0] == null ? ExifOrientation.NORMAL : orientation[0], hasIccProfile[0]);
    }

    /**
     * {@code jpeg} without its ICC_PROFILE segments. Pillow ignores embedded profiles, but the
     * TwelveMonkeys reader would colour-manage through them, so they are removed before decoding.
     */
    static byte[] withoutIccProfiles(byte[] jpeg) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(jpeg.length);
        int[] copiedUpTo = {0};
        forEachSegment(jpeg, (marker, payload, end) -> {
            if (isIccProfile(jpeg, marker, payload, end)) {
                int segmentStart = payload - 4;
                out.write(jpeg, copiedUpTo[0], segmentStart - copiedUpTo[0]);
                copiedUpTo[0] = end;
            }
        });
        out.write(jpeg, copiedUpTo[0], jpeg.length - copiedUpTo[0]);
        return out.toByteArray();
    }

    private interface SegmentVisitor {
        /** A segment with the given marker whose payload spans [{@code payload}, {@code end}). */
        void visit(int marker, int payload, int end);
    }

    /** Calls {@code visitor} for every well-formed marker segment between SOI and the first scan. */
    private static void forEachSegment(byte[] jpeg, SegmentVisitor visitor) {
        int pos = 2; // after SOI
        while (pos + 4 <= jpeg.length && (jpeg[pos] & 0xff) == 0xff) {
            int marker = jpeg[pos + 1] & 0xff;
            if (marker == 0xff) {
                pos++; // fill byte before a marker
                continue;
            }
            if (marker == 0xda || marker == 0xd9) {
                return; // start of scan / end of image
            }
            int segmentLength = (jpeg[pos + 2] & 0xff) << 8 | (jpeg[pos + 3] & 0xff);
            int end = pos + 2 + segmentLength;
            if (segmentLength < 2 || end > jpeg.length) {
                return;
            }
            visitor.visit(marker, pos + 4, end);
            pos = end;
        }
    }

    private static boolean isIccProfile(byte[] jpeg, int marker, int payload, int end) {
        return marker == APP2 && startsWithAscii(jpeg, payload, end, "ICC_PROFILE\0");
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
