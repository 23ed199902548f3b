package io.lcnnserve.service.imaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Images whose header declares too many pixels are rejected from the header alone. The crafted
 * files below carry no pixel data at all, so had the decoder started decoding it would have failed
 * with {@link ImageDecodingException} instead of {@link ImageTooLargeException}.
 */
class DecompressionBombTest {
    private final ImageDecoder decoder = new ImageDecoder();

    @Test
    void pngClaiming100000By100000IsRejectedBeforeDecoding() {
        ImageTooLargeException e = assertThrows(ImageTooLargeException.class,
            () -> decoder.decode(TestImages.pngHeaderOnly(100_000, 100_000)));

        assertEquals(100_000, e.width());
        assertEquals(100_000, e.height());
        assertEquals(ImageDecoder.DEFAULT_MAX_PIXELS, e.maxPixels());
        assertTrue(e.getMessage().contains("100000x100000"), e.getMessage());
    }

    @Test
    void jpegClaiming65000By65000IsRejectedBeforeDecoding() {
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        jpeg.writeBytes(new byte[] {(byte) 0xff, (byte) 0xd8});
        // SOF0: length 17, 8-bit, height, width, 3 components (id, 1x1 sampling, table 0).
        jpeg.writeBytes(new byte[] {(byte) 0xff, (byte) 0xc0, 0, 17, 8});
        TestImages.write16(jpeg, 65_000, true);
        TestImages.write16(jpeg, 65_000, true);
        jpeg.writeBytes(new byte[] {3, 1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0});
        // SOS: length 12, 3 components, spectral selection 0..63, then EOI without entropy data.
        jpeg.writeBytes(new byte[] {(byte) 0xff, (byte) 0xda, 0, 12, 3, 1, 0, 2, 0, 3, 0, 0, 63, 0});
        jpeg.writeBytes(new byte[] {(byte) 0xff, (byte) 0xd9});

        assertRejected(jpeg.toByteArray(), 65_000, 65_000);
    }

    @Test
    void gifClaiming65535By65535IsRejectedBeforeDecoding() {
        ByteArrayOutputStream gif = new ByteArrayOutputStream();
        gif.writeBytes("GIF89a".getBytes(StandardCharsets.US_ASCII));
        TestImages.write16(gif, 65_535, false);
        TestImages.write16(gif, 65_535, false);
        gif.writeBytes(new byte[] {0, 0, 0}); // no global colour table
        gif.write(0x2c); // image descriptor
        TestImages.write32(gif, 0, false); // left, top
        TestImages.write16(gif, 65_535, false);
        TestImages.write16(gif, 65_535, false);
        gif.writeBytes(new byte[] {0, 2, 0, 0x3b}); // no local table, LZW size 2, no data, trailer

        assertRejected(gif.toByteArray(), 65_535, 65_535);
    }

    @Test
    void bmpClaiming60000By60000IsRejectedBeforeDecoding() {
        assertRejected(bmpHeaderOnly(60_000, 60_000, 24, 0), 60_000, 60_000);
    }

    @Test
    void runLengthEncodedBmpClaiming60000By60000IsRejectedBeforeDecoding() {
        // RLE8 is the real BMP bomb: a few bytes of runs can declare any size.
        assertRejected(bmpHeaderOnly(60_000, 60_000, 8, 1), 60_000, 60_000);
    }

    @Test
    void topDownBmpHeightIsCheckedByMagnitude() {
        assertRejected(bmpHeaderOnly(60_000, -60_000, 24, 0), 60_000, 60_000);
    }

    @Test
    void webpClaiming16384By16384IsRejectedBeforeDecoding() {
        ByteArrayOutputStream webp = new ByteArrayOutputStream();
        webp.writeBytes("RIFF".getBytes(StandardCharsets.US_ASCII));
        TestImages.write32(webp, 4 + 8 + 10, false);
        webp.writeBytes("WEBPVP8X".getBytes(StandardCharsets.US_ASCII));
        TestImages.write32(webp, 10, false);
        TestImages.write32(webp, 0, false); // flags + reserved
        write24(webp, 16_384 - 1); // canvas width minus one
        write24(webp, 16_384 - 1); // canvas height minus one

        assertRejected(webp.toByteArray(), 16_384, 16_384);
    }

    @Test
    void limitIsConfigurable() {
        byte[] cat = TestImages.resource("/images/cat.png");

        ImageTooLargeException e = assertThrows(ImageTooLargeException.class, () -> new ImageDecoder(100_000).decode(cat));
        assertTrue(e.getMessage().contains("512x341"), e.getMessage());
        assertEquals(512, new ImageDecoder(512L * 341).decode(cat).width());
    }

    private void assertRejected(byte[] data, long width, long height) {
        ImageTooLargeException e = assertThrows(ImageTooLargeException.class, () -> decoder.decode(data));
        assertEquals(width, e.width());
        assertEquals(height, e.height());
        assertTrue(e.getMessage().contains(width + "x" + height), e.getMessage());
    }

    /** A BITMAPINFOHEADER bitmap with the given fields and no palette or pixel data. */
    private static byte[] bmpHeaderOnly(int width, int height, int bitsPerPixel, int compression) {
        ByteArrayOutputStream bmp = new ByteArrayOutputStream();
        bmp.writeBytes("BM".getBytes(StandardCharsets.US_ASCII));
        TestImages.write32(bmp, 54, false); // file size
        TestImages.write32(bmp, 0, false);
        TestImages.write32(bmp, 54, false); // pixel data offset
        TestImages.write32(bmp, 40, false); // BITMAPINFOHEADER
        TestImages.write32(bmp, width, false);
        TestImages.write32(bmp, height, false);
        TestImages.write16(bmp, 1, false); // planes
        TestImages.write16(bmp, bitsPerPixel, false);
        TestImages.write32(bmp, compression, false);
        for (int i = 0; i < 5; i++) {
            TestImages.write32(bmp, 0, false); // image size, resolution, colours
        }
        return bmp.toByteArray();
    }

    private static void write24(ByteArrayOutputStream out, int value) {
        out.write(value & 0xff);
        out.write(value >> 8 & 0xff);
        out.write(value >> 16 & 0xff);
    }
}
