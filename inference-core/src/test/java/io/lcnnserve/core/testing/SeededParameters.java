package io.lcnnserve.core.testing;

import java.util.SplittableRandom;

/**
 * Random parameters from a seed, without looking at any activation: He-normal weights, small
 * biases and BatchNormalization with non-trivial scale/bias/mean/variance. Good for small test graphs;
 * deep nets should use {@link CalibratedParameters}.
 */
public class SeededParameters implements Parameters {
    protected final SplittableRandom random;

    public SeededParameters(long seed) {
        this.random = new SplittableRandom(seed);
    }

    @Override
    public float[] weights(String name, int[] shape, int fanIn) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return normal(n, 0, Math.sqrt(2.0 / fanIn));
    }

    @Override
    public BatchNorm batchNorm(String name, String input, int channels) {
        float[] mean = normal(channels, 0, 0.1);
        float[] variance = uniform(channels, 0.5, 1.5);
        return new BatchNorm(uniform(channels, 0.5, 1.5), normal(channels, 0, 0.25), mean, variance);
    }

    @Override
    public float[] bias(String name, String output, String weightName, int channels) {
        return normal(channels, 0, 0.1);
    }

    /** {@code n} draws from N(mean, std²). */
    protected float[] normal(int n, double mean, double std) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (mean + std * random.nextGaussian());
        }
        return out;
    }

    /** {@code n} draws from U(lo, hi). */
    protected float[] uniform(int n, double lo, double hi) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) random.nextDouble(lo, hi);
        }
        return out;
    }
}
