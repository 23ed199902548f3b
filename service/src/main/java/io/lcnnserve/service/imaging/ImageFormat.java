package io.lcnnserve.service.imaging;

/** The container formats the decoder accepts, recognised by their leading magic bytes. */
public enum ImageFormat {
    JPEG,
    PNG,
    BMP,
    GIF,
    WEBP;

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    /**
     * The format of {@code data} judged by its signature (never by a file name or content type).
     *
     * @throws UnsupportedImageFormatException if no supported signature matches
     */
    public static ImageFormat detect(byte[] data) {
        if (startsWith(data, 0, new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff})) {
            return JPEG;
        }
        if (startsWith(data, 0, PNG_SIGNATURE)) {
            return PNG;
        }
        if (startsWith(data, 0, ascii("GIF87a")) || startsWith(data, 0, ascii("GIF89a"))) {
            return GIF;
        }
        if (startsWith(data, 0, ascii("RIFF")) && startsWith(data, 8, ascii("WEBP"))) {
            return WEBP;
        }
        // "BM" alone is too weak a signature (plain text can start with it): also require a
        // plausible DIB header size (12 = OS/2 core header ... 124 = BITMAPV5HEADER).
        if (startsWith(data, 0, ascii("BM")) && data.length >= 18) {
            int dibHeaderSize = (data[14] & 0xff) | (data[15] & 0xff) << 8 | (data[16] & 0xff) << 16 | (data[17] & 0xff) << 24;
            if (dibHeaderSize >= 12 && dibHeaderSize <= 124) {
                return BMP;
            }
        }
        throw new UnsupportedImageFormatException("unsupported image format (expected JPEG, PNG, BMP, GIF or WebP); "
            + data.length + " bytes starting with " + hexPrefix(data));
    }

    private static boolean startsWith(byte[] data, int offset, byte[] prefix) {
        if (data.length < offset + prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static String hexPrefix(byte[] data) {
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < Math.min(8, data.length); i++) {
            hex.append(String.format("%02x", data[i] & 0xff));
        }
        return hex.isEmpty() ? "(empty)" : hex.toString();
    }
}
