package io.lcnnserve.core.testing;

import io.lcnnserve.core.tensor.Tensor;
import java.util.SplittableRandom;

/**
 * Seeded image-like NCHW inputs, roughly zero mean and unit variance like a normalized photo: a
 * smooth random luminance field shared by all channels, smaller per-channel (chroma) fields, fine
 * noise, and per-image contrast and colour cast. Image {@code i} depends only on the seed and
 * {@code i}, so a batch-1 input equals the first image of a larger batch with the same seed.
 */
public final class SyntheticImages {
    private static final int LUMINANCE_WAVES = 8;
    private static final int CHROMA_WAVES = 4;

    private SyntheticImages() {
    }

    /** A {@code [n, channels, height, width]} float tensor. */
    public static Tensor batch(long seed, int n, int channels, int height, int width) {
        int plane = height * width;
        float[] data = new float[n * channels * plane];
        for (int i = 0; i < n; i++) {
            image(new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i), channels, height, width, data, i * channels * plane);
        }
        return Tensor.of(data, n, channels, height, width);
    }

    private static void image(SplittableRandom random, int channels, int height, int width, float[] out, int offset) {
        int plane = height * width;
        double[] luminance = smoothField(random, LUMINANCE_WAVES, height, width);
        double contrast = random.nextDouble(0.6, 1.3);
        for (int c = 0; c < channels; c++) {
            double[] chroma = smoothField(random, CHROMA_WAVES, height, width);
            double cast = random.nextDouble(-0.4, 0.4);
            for (int p = 0; p < plane; p++) {
                double v = contrast * (0.85 * luminance[p] + 0.35 * chroma[p]) + cast + 0.15 * random.nextGaussian();
                out[offset + c * plane + p] = (float) v;
            }
        }
    }

    /** A sum of random plane waves of 0.5..6 cycles per image with 1/f amplitudes, scaled to unit variance. */
    private static double[] smoothField(SplittableRandom random, int waves, int height, int width) {
        double[] field = new double[height * width];
        double power = 0;
        for (int k = 0; k < waves; k++) {
            double cycles = random.nextDouble(0.5, 6.0);
            double angle = random.nextDouble(0, 2 * Math.PI);
            double fy = cycles * Math.sin(angle) * 2 * Math.PI / height;
            double fx = cycles * Math.cos(angle) * 2 * Math.PI / width;
            double phase = random.nextDouble(0, 2 * Math.PI);
            double amplitude = 1.0 / cycles;
            power += amplitude * amplitude / 2;
            // cos(a + b) = cos a cos b - sin a sin b, with a along rows and b along columns.
            double[] rowCos = new double[height];
            double[] rowSin = new double[height];
            for (int y = 0; y < height; y++) {
                rowCos[y] = amplitude * Math.cos(fy * y + phase);
                rowSin[y] = amplitude * Math.sin(fy * y + phase);
            }
            double[] colCos = new double[width];
            double[] colSin = new double[width];
            for (int x = 0; x < width; x++) {
                colCos[x] = Math.cos(fx * x);
                colSin[x] = Math.sin(fx * x);
            }
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    field[y * width + x] += rowCos[y] * colCos[x] - rowSin[y] * colSin[x];
                }
            }
        }
        double norm = 1.0 / Math.sqrt(power);
        for (int p = 0; p < field.length; p++) {
            field[p] *= norm;
        }
        return field;
    }
}
