package io.lcnnserve.service.imaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * EXIF orientation: a 64x32 JPEG stored with quadrants red (top left), green (top right), blue
 * (bottom left) and white (bottom right) must come out of the decoder upright for each of the 8
 * orientation tags; the 4-colour layout is distinct under all 8 transforms.
 */
class ExifOrientationTest {
    private static final int RED = 0xff0000;
    private static final int GREEN = 0x00ff00;
    private static final int BLUE = 0x0000ff;
    private static final int WHITE = 0xffffff;
    /** JPEG loss on flat quadrant centres stays well below this. */
    private static final int TOLERANCE = 8;

    private final ImageDecoder decoder = new ImageDecoder();
    private final byte[] storedJpeg = TestImages.jpeg(TestImages.quadrants(64, 32, RED, GREEN, BLUE, WHITE), 1.0f);

    @ParameterizedTest(name = "orientation {0}, big-endian EXIF {1}")
    @CsvSource({
        "1, true,  64, 32, ff0000, 00ff00, 0000ff, ffffff",
        "2, false, 64, 32, 00ff00, ff0000, ffffff, 0000ff",
        "3, true,  64, 32, ffffff, 0000ff, 00ff00, ff0000",
        "4, false, 64, 32, 0000ff, ffffff, ff0000, 00ff00",
        "5, true,  32, 64, ff0000, 0000ff, 00ff00, ffffff",
        "6, false, 32, 64, 0000ff, ff0000, ffffff, 00ff00",
        "7, true,  32, 64, ffffff, 00ff00, 0000ff, ff0000",
        "8, false, 32, 64, 00ff00, ffffff, ff0000, 0000ff",
        "6, true,  32, 64, 0000ff, ff0000, ffffff, 00ff00",
        "8, true,  32, 64, 00ff00, ffffff, ff0000, 0000ff",
    })
    void decoderTurnsJpegUprightAccordingToExifOrientation(int orientation, boolean bigEndian, int width, int height,
                                                           String topLeft, String topRight,
                                                           String bottomLeft, String bottomRight) {
        RgbImage upright = decoder.decode(TestImages.withExifOrientation(storedJpeg, orientation, bigEndian));

        assertEquals(width, upright.width(), "width");
        assertEquals(height, upright.height(), "height");
        int[] expected = {hex(topLeft), hex(topRight), hex(bottomLeft), hex(bottomRight)};
        int[] actual = TestImages.quadrantCentres(upright);
        for (int q = 0; q < 4; q++) {
            assertTrue(TestImages.channelDistance(expected[q], actual[q]) <= TOLERANCE,
                "quadrant " + q + ": expected " + Integer.toHexString(expected[q]) + ", got " + Integer.toHexString(actual[q])
                    + " in " + Arrays.toString(Arrays.stream(actual).mapToObj(Integer::toHexString).toArray()));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void transformIsExactPixelPermutationOfTheUntaggedDecode(int orientation) {
        RgbImage stored = decoder.decode(storedJpeg);
        RgbImage tagged = decoder.decode(TestImages.withExifOrientation(storedJpeg, orientation, true));

        assertEquals(ExifOrientation.fromTagValue(orientation).apply(stored), tagged);
    }

    @Test
    void orientationIsReadFromBothByteOrders() {
        assertEquals(ExifOrientation.ROTATE_90_CLOCKWISE,
            ExifOrientation.ofJpeg(TestImages.withExifOrientation(storedJpeg, 6, true)));
        assertEquals(ExifOrientation.ROTATE_90_CLOCKWISE,
            ExifOrientation.ofJpeg(TestImages.withExifOrientation(storedJpeg, 6, false)));
    }

    @Test
    void jpegWithoutExifIsNormal() {
        assertEquals(ExifOrientation.NORMAL, ExifOrientation.ofJpeg(storedJpeg));
    }

    @Test
    void outOfRangeOrientationValueIsIgnored() {
        assertEquals(ExifOrientation.NORMAL, ExifOrientation.ofJpeg(TestImages.withExifOrientation(storedJpeg, 9, true)));
    }

    @Test
    void malformedExifSegmentIsIgnoredAndImageStillDecodes() {
        byte[] garbage = TestImages.concat("Exif\0\0".getBytes(StandardCharsets.US_ASCII),
            new byte[] {'M', 'M', 0, 42, 0x7f, 0, 0, 0, 1, 2, 3});
        byte[] jpeg = TestImages.withApp1(storedJpeg, garbage);

        assertEquals(ExifOrientation.NORMAL, ExifOrientation.ofJpeg(jpeg));
        assertEquals(64, decoder.decode(jpeg).width());
    }

    @Test
    void normalOrientationReturnsTheSameImage() {
        RgbImage image = new RgbImage(2, 1, new byte[] {1, 2, 3, 4, 5, 6});
        assertSame(image, ExifOrientation.NORMAL.apply(image));
    }

    @Test
    void rotateClockwiseMovesLeftColumnToTopRow() {
        // 2x3 image, pixel values = index; rotated 90 degrees clockwise it is 3x2.
        RgbImage image = TestImages.grayImage(2, 3, 0, 1, 2, 3, 4, 5);
        RgbImage rotated = ExifOrientation.ROTATE_90_CLOCKWISE.apply(image);
        assertEquals(TestImages.grayImage(3, 2, 4, 2, 0, 5, 3, 1), rotated);
    }

    private static int hex(String rrggbb) {
        return Integer.parseInt(rrggbb.trim(), 16);
    }
}
