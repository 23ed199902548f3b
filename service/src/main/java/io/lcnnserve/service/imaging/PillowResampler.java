package io.lcnnserve.service.imaging;

/**
 * A bit-exact port of Pillow 9.4's {@code Image.resize(size, filter)} for 8-bit RGB images
 * ({@code ImagingResample} in {@code libImaging/Resample.c}; NEAREST goes through
 * {@code ImagingScaleAffine} in {@code Geometry.c}), so a model sees the same pixels in serving
 * as its reference pipeline (Pillow, torchvision on PIL images) produced in training.
 *
 * <p>Convolution filters ({@link Interpolation#BILINEAR}, {@link Interpolation#BICUBIC}) run in two
 * separable passes, horizontal first, each producing uint8:
 * <ol>
 *   <li>Per output column/row, {@link #precomputeCoefficients} centres the filter at
 *       {@code (i + 0.5) * scale} in source coordinates, widens its support by the downscale factor
 *       (antialiasing), and normalises the weights to sum 1, all in double precision.</li>
 *   <li>The weights become 22-bit fixed-point integers ({@code PRECISION_BITS = 32 - 8 - 2}), rounded
 *       half away from zero.</li>
 *   <li>Each output sample is {@code 2^21 + sum(sample * weight)} in 32-bit integers, shifted right
 *       by 22 and clipped to 0..255.</li>
 * </ol>
 * The horizontal pass only processes the source rows the vertical pass will read; a pass whose
 * size does not change is skipped; resizing to the same size returns the input.
 */
public final class PillowResampler {
    private static final int PRECISION_BITS = 32 - 8 - 2;
    private static final int HALF = 1 << (PRECISION_BITS - 1);

    private PillowResampler() {
    }

    /** {@code image} resized to {@code width x height} like Pillow's {@code image.resize((width, height), filter)}. */
    public static RgbImage resize(RgbImage image, int width, int height, Interpolation interpolation) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("resize target must be positive, got " + width + "x" + height);
        }
        if (width == image.width() && height == image.height()) {
            return image;
        }
        if (interpolation == Interpolation.NEAREST) {
            return resizeNearest(image, width, height);
        }
        Coefficients horizontal = precomputeCoefficients(image.width(), width, interpolation);
        Coefficients vertical = precomputeCoefficients(image.height(), height, interpolation);
        RgbImage source = image;
        if (width != image.width()) {
            // Only the source rows that the vertical pass will read: [firstRow, lastRow).
            int firstRow = vertical.start[0];
            int lastRow = vertical.start[height - 1] + vertical.count[height - 1];
            source = resampleHorizontal(image, firstRow, lastRow, horizontal);
            vertical = vertical.shifted(-firstRow);
        }
        if (height != image.height()) {
            source = resampleVertical(source, vertical);
        }
        return source;
    }

    /**
     * Fixed-point filter weights for resampling {@code inSize} samples to {@code outSize}: Pillow's
     * {@code precompute_coeffs} followed by {@code normalize_coeffs_8bpc}, for the box
     * {@code [0, inSize]}.
     */
    static Coefficients precomputeCoefficients(int inSize, int outSize, Interpolation interpolation) {
        double scale = (double) inSize / outSize;
        double filterScale = Math.max(scale, 1.0);
        double support = interpolation.support() * filterScale;
        int kernelSize = (int) Math.ceil(support) * 2 + 1;
        int[] start = new int[outSize];
        int[] count = new int[outSize];
        int[] weights = new int[outSize * kernelSize];
        double[] k = new double[kernelSize];
        for (int xx = 0; xx < outSize; xx++) {
            double center = (xx + 0.5) * scale;
            double inverseFilterScale = 1.0 / filterScale;
            int xmin = (int) (center - support + 0.5);
            if (xmin < 0) {
                xmin = 0;
            }
            int xmax = (int) (center + support + 0.5);
            if (xmax > inSize) {
                xmax = inSize;
            }
            xmax -= xmin;
            double sum = 0.0;
            for (int x = 0; x < xmax; x++) {
                double w = interpolation.weight((x + xmin - center + 0.5) * inverseFilterScale);
                k[x] = w;
                sum += w;
            }
            for (int x = 0; x < xmax; x++) {
                double normalized = sum != 0.0 ? k[x] / sum : k[x];
                weights[xx * kernelSize + x] = normalized < 0
                    ? (int) (-0.5 + normalized * (1 << PRECISION_BITS))
                    : (int) (0.5 + normalized * (1 << PRECISION_BITS));
            }
            start[xx] = xmin;
            count[xx] = xmax;
        }
        return new Coefficients(kernelSize, start, count, weights);
    }

    /** Per output position: first source index, number of taps, and {@code kernelSize} fixed-point weights. */
    record Coefficients(int kernelSize, int[] start, int[] count, int[] weights) {
        Coefficients shifted(int delta) {
            int[] moved = start.clone();
            for (int i = 0; i < moved.length; i++) {
                moved[i] += delta;
            }
            return new Coefficients(kernelSize, moved, count, weights);
        }
    }

    private static RgbImage resampleHorizontal(RgbImage image, int firstRow, int lastRow, Coefficients c) {
        int inWidth = image.width();
        int outWidth = c.start.length;
        int rows = lastRow - firstRow;
        byte[] in = image.pixels();
        byte[] out = new byte[outWidth * rows * 3];
        for (int y = 0; y < rows; y++) {
            int rowBase = (firstRow + y) * inWidth * 3;
            int o = y * outWidth * 3;
            for (int xx = 0; xx < outWidth; xx++) {
                int k = xx * c.kernelSize;
                int p = rowBase + c.start[xx] * 3;
                int r = HALF;
                int g = HALF;
                int b = HALF;
                for (int x = 0, n = c.count[xx]; x < n; x++, p += 3) {
                    int w = c.weights[k + x];
                    r += (in[p] & 0xff) * w;
                    g += (in[p + 1] & 0xff) * w;
                    b += (in[p + 2] & 0xff) * w;
                }
                out[o++] = clip8(r);
                out[o++] = clip8(g);
                out[o++] = clip8(b);
            }
        }
        return new RgbImage(outWidth, rows, out);
    }

    private static RgbImage resampleVertical(RgbImage image, Coefficients c) {
        int width = image.width();
        int outHeight = c.start.length;
        int stride = width * 3;
        byte[] in = image.pixels();
        byte[] out = new byte[outHeight * stride];
        for (int yy = 0; yy < outHeight; yy++) {
            int k = yy * c.kernelSize;
            int first = c.start[yy] * stride;
            int n = c.count[yy];
            int o = yy * stride;
            for (int i = 0; i < stride; i++) {
                int sum = HALF;
                for (int y = 0, p = first + i; y < n; y++, p += stride) {
                    sum += (in[p] & 0xff) * c.weights[k + y];
                }
                out[o + i] = clip8(sum);
            }
        }
        return new RgbImage(width, outHeight, out);
    }

    private static byte clip8(int fixedPoint) {
        int value = fixedPoint >> PRECISION_BITS;
        return (byte) (value < 0 ? 0 : Math.min(value, 255));
    }

    /**
     * Pillow's NEAREST resize: an affine scale with step {@code in / out}, sampling at the pixel
     * centre; positions accumulate by repeated addition (as {@code ImagingScaleAffine} does) and
     * are truncated to an index.
     */
    private static RgbImage resizeNearest(RgbImage image, int width, int height) {
        double stepX = (double) image.width() / width;
        double stepY = (double) image.height() / height;
        int[] sourceColumn = new int[width];
        double xo = stepX * 0.5;
        for (int x = 0; x < width; x++) {
            sourceColumn[x] = Math.min(coordinate(xo), image.width() - 1);
            xo += stepX;
        }
        byte[] in = image.pixels();
        byte[] out = new byte[width * height * 3];
        double yo = stepY * 0.5;
        for (int y = 0; y < height; y++) {
            int rowBase = Math.min(coordinate(yo), image.height() - 1) * image.width();
            for (int x = 0; x < width; x++) {
                int from = (rowBase + sourceColumn[x]) * 3;
                int to = (y * width + x) * 3;
                out[to] = in[from];
                out[to + 1] = in[from + 1];
                out[to + 2] = in[from + 2];
            }
            yo += stepY;
        }
        return new RgbImage(width, height, out);
    }

    /** Pillow's {@code COORD}: truncation toward zero for the non-negative positions used here. */
    private static int coordinate(double position) {
        return position < 0.0 ? 0 : (int) position;
    }
}
