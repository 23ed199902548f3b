package io.lcnnserve.service.imaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Decoding of every supported format and colour type into 8-bit RGB, and rejection of bad input. */
class ImageDecoderTest {
    private final ImageDecoder decoder = new ImageDecoder();

    @Test
    void bmpDecodesToItsStoredPixels() {
        RgbImage cat = decoder.decode(TestImages.resource("/images/cat.bmp"));

        assertEquals(512, cat.width());
        assertEquals(341, cat.height());
        // BMP rows are stored bottom-up in BGR order; the first stored triple is the bottom-left pixel.
        byte[] bmp = TestImages.resource("/images/cat.bmp");
        int dataOffset = 138;
        assertEquals(bmp[dataOffset + 2] & 0xff, cat.sample(0, 340, 0));
        assertEquals(bmp[dataOffset + 1] & 0xff, cat.sample(0, 340, 1));
        assertEquals(bmp[dataOffset] & 0xff, cat.sample(0, 340, 2));
    }

    @Test
    void pngDecodesToExactlyTheSamePixelsAsTheBmpItWasConvertedFrom() {
        assertEquals(decoder.decode(TestImages.resource("/images/cat.bmp")), decoder.decode(TestImages.resource("/images/cat.png")));
    }

    @Test
    void jpegDecodesCloseToTheLosslessOriginal() {
        RgbImage original = decoder.decode(TestImages.resource("/images/cat.bmp"));
        RgbImage jpeg = decoder.decode(TestImages.resource("/images/cat.jpg"));

        assertEquals(original.width(), jpeg.width());
        assertEquals(original.height(), jpeg.height());
        double meanAbsDiff = 0;
        for (int i = 0; i < original.pixels().length; i++) {
            meanAbsDiff += Math.abs((original.pixels()[i] & 0xff) - (jpeg.pixels()[i] & 0xff));
        }
        meanAbsDiff /= original.pixels().length;
        assertTrue(meanAbsDiff < 3.0, "quality-95 JPEG mean abs difference " + meanAbsDiff);
    }

    @Test
    void embeddedIccProfileIsIgnoredLikePillowDoes() {
        byte[] plain = TestImages.resource("/images/cat.jpg");
        byte[] profile = ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB).getData();
        byte[] tagged = TestImages.withIccProfile(plain, profile);

        // Colour-managing linear RGB into sRGB would brighten mid-tones by up to ~70 levels.
        assertEquals(decoder.decode(plain), decoder.decode(tagged));
    }

    @Test
    void grayscaleJpegKeepsItsGrayLevelsInAllThreeChannels() {
        BufferedImage gray = new BufferedImage(32, 16, BufferedImage.TYPE_BYTE_GRAY);
        fillGray(gray, 100);

        RgbImage decoded = decoder.decode(TestImages.jpeg(gray, 1.0f));

        // A colour-managed conversion would brighten linear gray 100 to about 170.
        assertEquals(List.of(100, 100, 100), samples(decoded, 5, 5));
    }

    @Test
    void cmykJpegIsConvertedWithPillowsFormula() {
        RgbImage decoded = decoder.decode(TestImages.resource("/images/cmyk_quadrants.jpg"));

        // Stored CMYK (0,255,255,0), (254,0,0,0), (0,0,0,128), (63,128,0,64); Pillow's cmyk2rgb gives:
        assertQuadrantsNear(new int[] {0xff0000, 0x01ffff, 0x7f7f7f, 0x905fbf}, decoded, 2);
    }

    @Test
    void ycckJpegIsConvertedLikeLibjpegAndPillow() {
        // Stored Y, Cb, Cr, K. libjpeg turns YCC into CMY = 255 - rgb(YCC), Pillow inverts Adobe data:
        // CMY = rgb(YCC), K = 255 - K stored.
        byte[] ycck = TestImages.withAdobeTransform(TestImages.fourComponentJpeg(
            new int[] {179, 171, 0, 255}, new int[] {0, 128, 128, 127},
            new int[] {200, 128, 128, 255}, new int[] {255, 128, 128, 0}), 2);

        RgbImage decoded = decoder.decode(ycck);

        // CMYK (0,255,255,0) red; (0,0,0,128) gray 127; (200,200,200,0) gray 55; K = 255 black.
        assertQuadrantsNear(new int[] {0xff0000, 0x7f7f7f, 0x373737, 0x000000}, decoded, 3);
    }

    @Test
    void cmykJpegWithoutAdobeSegmentIsNotInverted() {
        byte[] cmyk = TestImages.fourComponentJpeg(
            new int[] {0, 255, 255, 0}, new int[] {255, 0, 0, 0}, new int[] {0, 0, 0, 128}, new int[] {0, 0, 0, 255});

        assertQuadrantsNear(new int[] {0xff0000, 0x00ffff, 0x7f7f7f, 0x000000}, decoder.decode(cmyk), 2);
    }

    @Test
    void losslessWebpWithAlphaIsCompositedOntoWhite() {
        RgbImage decoded = decoder.decode(TestImages.resource("/images/rgba_quadrants_lossless.webp"));

        // Red and green opaque, blue at alpha 128, the last quadrant fully transparent.
        assertArrayEquals(new int[] {0xff0000, 0x00ff00, 0x7f7fff, 0xffffff}, TestImages.quadrantCentres(decoded));
    }

    @Test
    void lossyWebpDecodesCloseToItsSourceColours() {
        RgbImage decoded = decoder.decode(TestImages.resource("/images/rgb_quadrants_lossy.webp"));

        assertEquals(32, decoded.width());
        assertQuadrantsNear(new int[] {0xff0000, 0x00ff00, 0x0000ff, 0xffffff}, decoded, 6);
    }

    @Test
    void rgbaPngIsCompositedOntoWhite() {
        BufferedImage rgba = new BufferedImage(3, 1, BufferedImage.TYPE_INT_ARGB);
        rgba.setRGB(0, 0, 0xff_20_40_60);
        rgba.setRGB(1, 0, 0x80_00_00_ff);
        rgba.setRGB(2, 0, 0x00_00_00_00);

        RgbImage decoded = decoder.decode(TestImages.encode(rgba, "png"));

        assertEquals(List.of(0x20, 0x40, 0x60), samples(decoded, 0, 0));
        // round((c * 128 + 255 * 127) / 255): 127 for c = 0, 255 for c = 255.
        assertEquals(List.of(127, 127, 255), samples(decoded, 1, 0));
        assertEquals(List.of(255, 255, 255), samples(decoded, 2, 0));
    }

    @Test
    void grayscalePngKeepsItsGrayLevels() {
        BufferedImage gray = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY);
        fillGray(gray, 37);

        assertEquals(List.of(37, 37, 37), samples(decoder.decode(TestImages.encode(gray, "png")), 3, 3));
    }

    @Test
    void grayscaleWithAlphaPngIsCompositedOntoWhite() {
        ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), true, false,
            Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE);
        WritableRaster raster = model.createCompatibleWritableRaster(2, 1);
        raster.setPixel(0, 0, new int[] {60, 255});
        raster.setPixel(1, 0, new int[] {60, 0});

        RgbImage decoded = decoder.decode(TestImages.encode(new BufferedImage(model, raster, false, null), "png"));

        assertEquals(List.of(60, 60, 60), samples(decoded, 0, 0));
        assertEquals(List.of(255, 255, 255), samples(decoded, 1, 0));
    }

    @Test
    void sixteenBitGrayscalePngKeepsTheHighByte() {
        BufferedImage gray16 = new BufferedImage(2, 2, BufferedImage.TYPE_USHORT_GRAY);
        gray16.getRaster().setSample(1, 1, 0, 0x12ff);

        RgbImage decoded = decoder.decode(TestImages.encode(gray16, "png"));

        assertEquals(List.of(0x12, 0x12, 0x12), samples(decoded, 1, 1));
        assertEquals(List.of(0, 0, 0), samples(decoded, 0, 0));
    }

    @Test
    void sixteenBitRgbPngKeepsTheHighBytes() {
        ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
            Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster raster = model.createCompatibleWritableRaster(1, 1);
        raster.setPixel(0, 0, new int[] {0xabcd, 0x0180, 0xffff});

        RgbImage decoded = decoder.decode(TestImages.encode(new BufferedImage(model, raster, false, null), "png"));

        assertEquals(List.of(0xab, 0x01, 0xff), samples(decoded, 0, 0));
    }

    @Test
    void palettePngUsesPaletteColoursAndTransparentEntryBecomesWhite() {
        IndexColorModel palette = new IndexColorModel(8, 3,
            new byte[] {(byte) 200, 10, 0}, new byte[] {100, 20, 0}, new byte[] {50, 30, 0}, 2);
        BufferedImage indexed = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_INDEXED, palette);
        indexed.getRaster().setPixels(0, 0, 3, 1, new int[] {0, 1, 2});

        RgbImage decoded = decoder.decode(TestImages.encode(indexed, "png"));

        assertEquals(List.of(200, 100, 50), samples(decoded, 0, 0));
        assertEquals(List.of(10, 20, 30), samples(decoded, 1, 0));
        assertEquals(List.of(255, 255, 255), samples(decoded, 2, 0));
    }

    @Test
    void gifDecodesItsFirstFrameOnly() {
        BufferedImage first = TestImages.quadrants(8, 8, 0xff0000, 0xff0000, 0xff0000, 0xff0000);
        BufferedImage second = TestImages.quadrants(8, 8, 0x0000ff, 0x0000ff, 0x0000ff, 0x0000ff);

        RgbImage decoded = decoder.decode(TestImages.gifSequence(List.of(first, second)));

        assertEquals(8, decoded.width());
        assertEquals(List.of(255, 0, 0), samples(decoded, 4, 4));
    }

    @Test
    void gifTransparentIndexBecomesWhite() {
        IndexColorModel palette = new IndexColorModel(8, 2, new byte[] {0, 0}, new byte[] {(byte) 128, 0},
            new byte[] {0, 0}, 1);
        BufferedImage indexed = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_INDEXED, palette);
        indexed.getRaster().setPixels(0, 0, 2, 1, new int[] {0, 1});

        RgbImage decoded = decoder.decode(TestImages.encode(indexed, "gif"));

        assertEquals(List.of(0, 128, 0), samples(decoded, 0, 0));
        assertEquals(List.of(255, 255, 255), samples(decoded, 1, 0));
    }

    @Test
    void paletteBmpUsesPaletteColours() {
        // 256 entries: an 8-bit BMP (the JDK writer packs 1-bit BMPs wrongly).
        byte[] reds = new byte[256];
        byte[] greens = new byte[256];
        byte[] blues = new byte[256];
        reds[1] = (byte) 250;
        greens[1] = (byte) 251;
        blues[1] = (byte) 252;
        reds[0] = 5;
        greens[0] = 6;
        blues[0] = 7;
        IndexColorModel palette = new IndexColorModel(8, 256, reds, greens, blues);
        BufferedImage indexed = new BufferedImage(2, 2, BufferedImage.TYPE_BYTE_INDEXED, palette);
        indexed.getRaster().setPixels(0, 0, 2, 2, new int[] {0, 1, 1, 0});

        RgbImage decoded = decoder.decode(TestImages.encode(indexed, "bmp"));

        assertEquals(List.of(5, 6, 7), samples(decoded, 0, 0));
        assertEquals(List.of(250, 251, 252), samples(decoded, 1, 0));
        assertEquals(List.of(250, 251, 252), samples(decoded, 0, 1));
    }

    @Test
    void sixteenBitBmpScalesItsFieldsLikePillow() {
        BufferedImage rgb565 = new BufferedImage(1, 1, BufferedImage.TYPE_USHORT_565_RGB);
        rgb565.getRaster().setDataElements(0, 0, new short[] {(short) (13 << 11 | 40 << 5 | 31)});

        RgbImage decoded = decoder.decode(TestImages.encode(rgb565, "bmp"));

        // v * 255 / (2^bits - 1) rounded down: 13 * 255 / 31 = 106.9, 40 * 255 / 63 = 161.9, 31 -> 255.
        assertEquals(List.of(106, 161, 255), samples(decoded, 0, 0));
    }

    @Test
    void unknownBytesAreAnUnsupportedFormat() {
        UnsupportedImageFormatException e = assertThrows(UnsupportedImageFormatException.class,
            () -> decoder.decode("hello, this is not an image".getBytes(StandardCharsets.US_ASCII)));
        assertTrue(e.getMessage().contains("68656c6c6f2c2074"), e.getMessage());
    }

    @Test
    void emptyInputIsAnUnsupportedFormat() {
        assertThrows(UnsupportedImageFormatException.class, () -> decoder.decode(new byte[0]));
    }

    @Test
    void textStartingWithBmIsNotTakenForABitmap() {
        assertThrows(UnsupportedImageFormatException.class,
            () -> decoder.decode("BMW is a car maker, not a bitmap".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void truncatedPngIsADecodingError() {
        byte[] png = TestImages.resource("/images/cat.png");

        ImageDecodingException e = assertThrows(ImageDecodingException.class,
            () -> decoder.decode(Arrays.copyOf(png, png.length / 2)));
        assertTrue(e.getMessage().startsWith("cannot decode PNG image of " + png.length / 2 + " bytes"), e.getMessage());
    }

    @Test
    void truncatedJpegIsADecodingError() {
        byte[] jpeg = TestImages.resource("/images/cat.jpg");

        assertThrows(ImageDecodingException.class, () -> decoder.decode(Arrays.copyOf(jpeg, jpeg.length / 2)));
    }

    @Test
    void jpegSignatureFollowedByGarbageIsADecodingError() {
        byte[] garbage = new byte[200];
        Arrays.fill(garbage, (byte) 0x5a);
        garbage[0] = (byte) 0xff;
        garbage[1] = (byte) 0xd8;
        garbage[2] = (byte) 0xff;

        assertThrows(ImageDecodingException.class, () -> decoder.decode(garbage));
    }

    @Test
    void gifHeaderWithoutImageDataIsADecodingError() {
        assertThrows(ImageDecodingException.class,
            () -> decoder.decode("GIF89a\u0001\u0000\u0001\u0000".getBytes(StandardCharsets.ISO_8859_1)));
    }

    private static void assertQuadrantsNear(int[] expected, RgbImage image, int tolerance) {
        int[] actual = TestImages.quadrantCentres(image);
        for (int q = 0; q < 4; q++) {
            assertTrue(TestImages.channelDistance(expected[q], actual[q]) <= tolerance,
                "quadrant " + q + ": expected " + Integer.toHexString(expected[q]) + ", got " + Integer.toHexString(actual[q]));
        }
    }

    private static void fillGray(BufferedImage image, int value) {
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                image.getRaster().setSample(x, y, 0, value);
            }
        }
    }

    private static List<Integer> samples(RgbImage image, int x, int y) {
        return List.of(image.sample(x, y, 0), image.sample(x, y, 1), image.sample(x, y, 2));
    }
}
