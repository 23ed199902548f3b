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
 *   <li>16-bit samples keep their high byte (Pillow's {@code RGB;16B} unpacking); samples of fewer
 *       than 8 bits are scaled to 0..255 with rounding.</li>
 *   <li>Palette images use their palette entries.</li>
 *   <li>CMYK uses Pillow's {@code cmyk2rgb}: {@code nk = 255 - K; R = nk - C * nk / 255} (rounded
 *       fixed-point division), likewise G from M and B from Y.</li>
 *   <li>Alpha is composited onto white: {@code out = round((c * a + 255 * (255 - a)) / 255)}. Pillow's
 *       {@code convert("RGB")} would drop alpha instead, exposing whatever colour the encoder left in
 *       fully transparent pixels (often black); compositing onto white shows what a viewer shows and
 *       keeps transparent regions from depending on encoder choices.</li>
 *   <li>Any other colour space (e.g. Lab, PhotoYCC) is converted to sRGB by Java 2D.</li>
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
            case ColorSpace.TYPE_CMYK -> fromSamples(raster, colorModel, SampleLayout.CMYK);
            default -> fromJava2dSrgb(image);
        };
    }

    private enum SampleLayout { RGB, GRAY, CMYK }

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
        int colorBands = switch (layout) {
            case RGB -> 3;
            case GRAY -> 1;
            case CMYK -> 4;
        };
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
                int r;
                int g;
                int b;
                switch (layout) {
                    case RGB -> {
                        r = to8Bit(row[i], bits[0]);
                        g = to8Bit(row[i + 1], bits[1]);
                        b = to8Bit(row[i + 2], bits[2]);
                    }
                    case GRAY -> {
                        r = to8Bit(row[i], bits[0]);
                        g = r;
                        b = r;
                    }
                    case CMYK -> {
                        int notBlack = 255 - to8Bit(row[i + 3], bits[3]);
                        r = notBlack - mulDiv255(to8Bit(row[i], bits[0]), notBlack);
                        g = notBlack - mulDiv255(to8Bit(row[i + 1], bits[1]), notBlack);
                        b = notBlack - mulDiv255(to8Bit(row[i + 2], bits[2]), notBlack);
                    }
                    default -> throw new IllegalStateException("unhandled layout " + layout);
                }
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
        int max = (1 << bits) - 1;
        return (sample * 255 + max / 2) / max;
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
