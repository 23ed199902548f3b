package io.lcnnserve.service.imaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ImageFormatTest {

    @Test
    void recognisesEachFormatByItsSignature() {
        assertEquals(ImageFormat.JPEG, ImageFormat.detect(TestImages.resource("/images/cat.jpg")));
        assertEquals(ImageFormat.PNG, ImageFormat.detect(TestImages.resource("/images/cat.png")));
        assertEquals(ImageFormat.BMP, ImageFormat.detect(TestImages.resource("/images/cat.bmp")));
        assertEquals(ImageFormat.WEBP, ImageFormat.detect(TestImages.resource("/images/rgb_quadrants_lossy.webp")));
        assertEquals(ImageFormat.GIF, ImageFormat.detect(ascii("GIF87a......")));
        assertEquals(ImageFormat.GIF, ImageFormat.detect(ascii("GIF89a......")));
    }

    @Test
    void riffContainerOtherThanWebpIsUnsupported() {
        assertThrows(UnsupportedImageFormatException.class, () -> ImageFormat.detect(ascii("RIFF\0\0\0\0WAVEfmt ")));
    }

    @Test
    void tooShortInputIsUnsupported() {
        assertThrows(UnsupportedImageFormatException.class, () -> ImageFormat.detect(new byte[] {(byte) 0xff, (byte) 0xd8}));
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
