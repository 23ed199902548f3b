package io.lcnnserve.service.imaging;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;

/**
 * Turns a decoded {@link BufferedImage} into 8-bit RGB the way Pillow's {@code convert("RGB")} does,
 * except for alpha:
 *
 * <ul>
 *   <li>RGB and grayscale samples are taken as stored (no colour management: Pillow ignores embedded
 *       ICC profiles, and Java's {@code getRGB} would gamma-convert linear gray). Gray is replicated
 *       to R = G = B.</li>
 *   <li>16-bit samples keep their high byte, as Pillow unpacks 16-bit RGB ({@code RGB;16B}); for
 *       16-bit grayscale Pillow would instead saturate every value above 255, which we do not copy.
 *       Samples of fewer than 8 bits become {@code v * 255 / (2^bits - 1)} rounded down, as Pillow's
 *       unpackers do (exact for 1/2/4-bit gray; 5/6-bit fields of 16-bit BMPs).</li>
 *   <li>Palette images use their palette entries.</li>
 *   <li>CMYK uses Pillow's {@code cmyk2rgb}: {@code nk = 255 - K; R = nk - C * nk / 255} (rounded
 *       fixed-point division), likewise G from M and B from Y. CMYK JPEGs are first brought to the
 *       values Pillow sees (see {@link #fromJpegCmyk}).</li>
 *   <li>Alpha is composited onto white: {@code out = round((c * a + 255 * (255 - a)) / 255)}. Pillow's
 *       {@code convert("RGB")} would drop alpha instead, exposing whatever colour the encoder left in
 *       fully transparent pixels (often black); compositing onto white shows what a viewer shows and
 *       keeps transparent regions from depending on encoder choices.</li>
 *   <li>Any other colour space (e.g. PhotoYCC) is converted to sRGB by Java 2D.</li>
 * </ul>
 */
final class RgbConversion {

    private RgbConversion() {
    }

    static RgbImage toRgb(BufferedImage image) {
        if (image.isAlphaPremultiplied()) {
            image.coerceData(false);
        }
        ColorModel colorModel = image.getColorModel();
        Raster raster = image.getRaster();
        int colorSpaceType = colorModel.getColorSpace().getType();
        if (colorModel instanceof IndexColorModel palette) {
            return fromPalette(raster, palette);
        }
        if (colorSpaceType == ColorSpace.TYPE_RGB && isInterleaved8Bit(raster)) {
            return fromInterleavedBytes(raster, colorModel.hasAlpha());
        }
        return switch (colorSpaceType) {
            case ColorSpace.TYPE_RGB -> fromSamples(raster, colorModel, SampleLayout.RGB);
            case ColorSpace.TYPE_GRAY -> fromSamples(raster, colorModel, SampleLayout.GRAY);
            default -> fromJava2dSrgb(image);
        };
    }

    private enum SampleLayout { RGB, GRAY }

    private static boolean isInterleaved8Bit(Raster raster) {
        return raster.getSampleModel() instanceof PixelInterleavedSampleModel
            && raster.getDataBuffer() instanceof DataBufferByte
            && raster.getDataBuffer().getNumBanks() == 1
            && (raster.getNumBands() == 3 || raster.getNumBands() == 4);
    }

    /** Fast path for byte-interleaved RGB(A) (JPEG, BMP and 8-bit PNG decodes). */
    private static RgbImage fromInterleavedBytes(Raster raster, boolean hasAlpha) {
        PixelInterleavedSampleModel model = (PixelInterleavedSampleModel) raster.getSampleModel();
        byte[] data = ((DataBufferByte) raster.getDataBuffer()).getData();
        int[] bandOffsets = model.getBandOffsets();
        int pixelStride = model.getPixelStride();
        int scanlineStride = model.getScanlineStride();
        int width = raster.getWidth();
        int height = raster.getHeight();
        int baseX = raster.getMinX() - raster.getSampleModelTranslateX();
        int baseY = raster.getMinY() - raster.getSampleModelTranslateY();
        int bufferOffset = raster.getDataBuffer().getOffset();
        byte[] out = new byte[width * height * 3];
        int o = 0;
        for (int y = 0; y < height; y++) {
            int p = bufferOffset + (baseY + y) * scanlineStride + baseX * pixelStride;
            for (int x = 0; x < width; x++, p += pixelStride) {
                int r = data[p + bandOffsets[0]] & 0xff;
                int g = data[p + bandOffsets[1]] & 0xff;
                int b = data[p + bandOffsets[2]] & 0xff;
                if (hasAlpha) {
                    int a = data[p + bandOffsets[3]] & 0xff;
                    r = overWhite(r, a);
                    g = overWhite(g, a);
                    b = overWhite(b, a);
                }
                out[o++] = (byte) r;
                out[o++] = (byte) g;
                out[o++] = (byte) b;
            }
        }
        return new RgbImage(width, height, out);
    }

    private static RgbImage fromPalette(Raster raster, IndexColorModel palette) {
        int width = raster.getWidth();
        int height = raster.getHeight();
        int[] indices = new int[width];
        byte[] out = new byte[width * height * 3];
        int o = 0;
        for (int y = 0; y < height; y++) {
            raster.getSamples(raster.getMinX(), raster.getMinY() + y, width, 1, 0, indices);
            for (int x = 0; x < width; x++) {
                int index = indices[x];
                int a = palette.getAlpha(index);
                out[o++] = (byte) overWhite(palette.getRed(index), a);
                out[o++] = (byte) overWhite(palette.getGreen(index), a);
                out[o++] = (byte) overWhite(palette.getBlue(index), a);
            }
        }
        return new RgbImage(width, height, out);
    }

    private static RgbImage fromSamples(Raster raster, ColorModel colorModel, SampleLayout layout) {
        int width = raster.getWidth();
        int height = raster.getHeight();
        int bands = raster.getNumBands();
        int colorBands = layout == SampleLayout.RGB ? 3 : 1;
        if (bands < colorBands) {
            throw new ImageDecodingException("decoded " + layout + " image has " + bands + " bands, expected at least " + colorBands);
        }
        boolean hasAlpha = colorModel.hasAlpha() && bands > colorBands;
        int[] bits = new int[bands];
        for (int band = 0; band < bands; band++) {
            bits[band] = colorModel.getComponentSize(Math.min(band, colorModel.getNumComponents() - 1));
        }
        int[] row = new int[width * bands];
        byte[] out = new byte[width * height * 3];
        int o = 0;
        for (int y = 0; y < height; y++) {
            raster.getPixels(raster.getMinX(), raster.getMinY() + y, width, 1, row);
            for (int x = 0, i = 0; x < width; x++, i += bands) {
                int r = to8Bit(row[i], bits[0]);
                int g = layout == SampleLayout.RGB ? to8Bit(row[i + 1], bits[1]) : r;
                int b = layout == SampleLayout.RGB ? to8Bit(row[i + 2], bits[2]) : r;
                if (hasAlpha) {
                    int a = to8Bit(row[i + colorBands], bits[colorBands]);
                    r = overWhite(r, a);
                    g = overWhite(g, a);
                    b = overWhite(b, a);
                }
                out[o++] = (byte) r;
                out[o++] = (byte) g;
                out[o++] = (byte) b;
            }
        }
        return new RgbImage(width, height, out);
    }

    /**
     * A 4-component JPEG's raw decoded components as RGB, reproducing libjpeg + Pillow: with an Adobe
     * APP14 segment the data is Adobe-inverted CMYK (transform 0) or YCCK (transform 2, which libjpeg
     * turns into CMYK with its integer YCbCr tables); Pillow then inverts Adobe CMYK
     * ({@code CMYK;I}) and applies {@code cmyk2rgb}. Without an Adobe segment the components are
     * plain CMYK.
     */
    static RgbImage fromJpegCmyk(Raster raster, int adobeTransform) {
        if (raster.getNumBands() != 4) {
            throw new ImageDecodingException("CMYK JPEG decoded to " + raster.getNumBands() + " components, expected 4");
        }
        int width = raster.getWidth();
        int height = raster.getHeight();
        int[] row = new int[width * 4];
        int[] cmy = new int[3];
        byte[] out = new byte[width * height * 3];
        int o = 0;
        for (int y = 0; y < height; y++) {
            raster.getPixels(raster.getMinX(), raster.getMinY() + y, width, 1, row);
            for (int x = 0, i = 0; x < width; x++, i += 4) {
                int k;
                if (adobeTransform == YCCK_TRANSFORM) {
                    // libjpeg: CMY = 255 - rgb(YCC), K kept; Pillow's inversion undoes the 255 - .
                    YccToRgb.convert(row[i], row[i + 1], row[i + 2], cmy);
                    k = 255 - row[i + 3];
                } else if (adobeTransform != JpegHeader.NO_ADOBE_SEGMENT) {
                    cmy[0] = 255 - row[i];
                    cmy[1] = 255 - row[i + 1];
                    cmy[2] = 255 - row[i + 2];
                    k = 255 - row[i + 3];
                } else {
                    cmy[0] = row[i];
                    cmy[1] = row[i + 1];
                    cmy[2] = row[i + 2];
                    k = row[i + 3];
                }
                int notBlack = 255 - k;
                out[o++] = (byte) (notBlack - mulDiv255(cmy[0], notBlack));
                out[o++] = (byte) (notBlack - mulDiv255(cmy[1], notBlack));
                out[o++] = (byte) (notBlack - mulDiv255(cmy[2], notBlack));
            }
        }
        return new RgbImage(width, height, out);
    }

    private static final int YCCK_TRANSFORM = 2;

    /** libjpeg's {@code ycc_rgb_convert} (jdcolor.c): 16-bit fixed-point tables, results clamped to 0..255. */
    private static final class YccToRgb {
        private static final int SCALE_BITS = 16;
        private static final long ONE_HALF = 1L << (SCALE_BITS - 1);
        private static final int[] CR_TO_R = new int[256];
        private static final int[] CB_TO_B = new int[256];
        private static final long[] CR_TO_G = new long[256];
        private static final long[] CB_TO_G = new long[256];

        static {
            for (int i = 0; i < 256; i++) {
                long x = i - 128;
                CR_TO_R[i] = (int) ((fix(1.40200) * x + ONE_HALF) >> SCALE_BITS);
                CB_TO_B[i] = (int) ((fix(1.77200) * x + ONE_HALF) >> SCALE_BITS);
                CR_TO_G[i] = -fix(0.71414) * x;
                CB_TO_G[i] = -fix(0.34414) * x + ONE_HALF;
            }
        }

        private static long fix(double value) {
            return (long) (value * (1L << SCALE_BITS) + 0.5);
        }

        static void convert(int luma, int cb, int cr, int[] rgb) {
            rgb[0] = clamp(luma + CR_TO_R[cr]);
            rgb[1] = clamp(luma + (int) ((CB_TO_G[cb] + CR_TO_G[cr]) >> SCALE_BITS));
            rgb[2] = clamp(luma + CB_TO_B[cb]);
        }

        private static int clamp(int value) {
            return value < 0 ? 0 : Math.min(value, 255);
        }
    }

    /** Colour spaces Pillow has no raw equivalent for: let Java 2D convert to sRGB. */
    private static RgbImage fromJava2dSrgb(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        int[] argb = new int[width];
        byte[] out = new byte[width * height * 3];
        int o = 0;
        for (int y = 0; y < height; y++) {
            image.getRGB(0, y, width, 1, argb, 0, width);
            for (int x = 0; x < width; x++) {
                int a = argb[x] >>> 24;
                out[o++] = (byte) overWhite(argb[x] >> 16 & 0xff, a);
                out[o++] = (byte) overWhite(argb[x] >> 8 & 0xff, a);
                out[o++] = (byte) overWhite(argb[x] & 0xff, a);
            }
        }
        return new RgbImage(width, height, out);
    }

    private static int to8Bit(int sample, int bits) {
        if (bits == 8) {
            return sample;
        }
        if (bits > 8) {
            return sample >>> (bits - 8);
        }
        return sample * 255 / ((1 << bits) - 1);
    }

    /** Pillow's MULDIV255: a * b / 255 rounded, in integer arithmetic. */
    private static int mulDiv255(int a, int b) {
        int t = a * b + 128;
        return ((t >> 8) + t) >> 8;
    }

    /** Colour {@code c} with alpha {@code a} composited onto white, rounded to nearest. */
    static int overWhite(int c, int a) {
        return a == 255 ? c : (c * a + 255 * (255 - a) + 127) / 255;
    }
}
