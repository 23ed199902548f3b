package io.lcnnserve.service.imaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RgbImageTest {

    @Test
    void pixelArrayMustMatchTheSize() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RgbImage(2, 2, new byte[11]));
        assertTrue(e.getMessage().contains("needs 12 bytes, got 11"), e.getMessage());
    }

    @Test
    void cropCopiesTheRegion() {
        RgbImage image = TestImages.grayImage(3, 2, 0, 1, 2, 3, 4, 5);
        assertEquals(TestImages.grayImage(2, 1, 4, 5), image.crop(1, 1, 2, 1));
    }

    @Test
    void fullCropIsTheImageItself() {
        RgbImage image = TestImages.grayImage(3, 2, 0, 1, 2, 3, 4, 5);
        assertSame(image, image.crop(0, 0, 3, 2));
    }

    @Test
    void cropOutsideTheImageIsRejected() {
        RgbImage image = TestImages.grayImage(3, 2, 0, 1, 2, 3, 4, 5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> image.crop(2, 0, 2, 2));
        assertTrue(e.getMessage().contains("does not fit a 3x2 image"), e.getMessage());
    }
}
