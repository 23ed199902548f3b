package io.lcnnserve.core.testing;

import io.lcnnserve.core.tensor.Tensor;
import java.util.Map;

/**
 * Random parameters that keep a deep random net well-scaled, chosen while the graph is built from
 * activations measured (in ONNX Runtime) on a calibration batch of image-like inputs:
 * <ul>
 *   <li>weights: He-normal;
 *   <li>BatchNormalization: running mean/variance near the measured per-channel statistics of its
 *       input (mean + U(-0.2, 0.2)·σ, variance · e^U(-0.3, 0.3)), scale U(0.5, 1.5), bias N(0.5, 0.25²)
 *       (the positive centre keeps ReLU/h-swish/SE nets from dying or blowing up);
 *   <li>layers with a bias and no BatchNormalization (SqueezeNet, SE blocks, classifiers): weights
 *       rescaled to unit output spread (LSUV) and biases of N(0.5, 0.25²) around a centred output:
 *       on feature maps each channel is centred and the spread is measured within channels; on
 *       per-image vectors (pooled SE inputs, classifiers) only the overall mean is removed and the
 *       spread includes the differences between channels, so images unlike the calibration batch
 *       are not amplified.
 * </ul>
 * So every layer sees O(1) activations and classifiers give logits of a few units whose ranking
 * depends on the input.
 */
final class CalibratedParameters extends SeededParameters {
    private final OnnxBuilder graph;
    private final ActivationProbe probe;

    CalibratedParameters(OnnxBuilder graph, long seed, Map<String, Tensor> calibrationInputs) {
        super(seed);
        this.graph = graph;
        this.probe = new ActivationProbe(graph, calibrationInputs);
    }

    @Override
    public BatchNorm batchNorm(String name, String input, int channels) {
        ChannelStats stats = ChannelStats.of(probe.value(input), channels);
        float[] mean = new float[channels];
        float[] variance = new float[channels];
        double varianceFloor = 1e-3 * stats.averageVariance() + 1e-6;
        for (int c = 0; c < channels; c++) {
            double sigma = Math.sqrt(stats.variance[c]);
            mean[c] = (float) (stats.mean[c] + random.nextDouble(-0.2, 0.2) * sigma);
            variance[c] = (float) (Math.max(stats.variance[c], varianceFloor) * Math.exp(random.nextDouble(-0.3, 0.3)));
        }
        return new BatchNorm(uniform(channels, 0.5, 1.5), normal(channels, 0.5, 0.25), mean, variance);
    }

    @Override
    public float[] bias(String name, String output, String weightName, int channels) {
        Tensor raw = probe.value(output);
        ChannelStats stats = ChannelStats.of(raw, channels);
        boolean spatial = raw.size() / (raw.dim(0) * channels) > 1;
        // Feature maps: unit within-channel spread, each channel re-centred (like a folded BatchNorm).
        // Per-image vectors (SE gates, classifiers): unit spread over images and channels together, the
        // channel pattern kept; re-centring there would blow up the small between-image differences.
        double scale = 1.0 / Math.sqrt((spatial ? stats.averageVariance() : stats.totalVariance()) + 1e-12);
        float[] weights = OnnxBuilder.floats(graph.initializer(weightName));
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (float) (weights[i] * scale);
        }
        graph.replaceInitializer(weightName, weights);
        float[] bias = normal(channels, 0.5, 0.25);
        double overallMean = stats.overallMean();
        for (int c = 0; c < channels; c++) {
            bias[c] -= (float) ((spatial ? stats.mean[c] : overallMean) * scale);
        }
        probe.update(output, affine(raw, channels, scale, bias));
        return bias;
    }

    /** {@code scale * x + bias[c]} per channel (axis 1) of an {@code [N, C, ...]} tensor. */
    private static Tensor affine(Tensor x, int channels, double scale, float[] bias) {
        float[] in = x.floats();
        float[] out = new float[x.size()];
        int inner = x.size() / (x.dim(0) * channels);
        for (int i = 0, nc = 0; nc < x.dim(0) * channels; nc++) {
            float b = bias[nc % channels];
            for (int end = i + inner; i < end; i++) {
                out[i] = (float) (in[x.offset() + i] * scale + b);
            }
        }
        return Tensor.of(out, x.shape());
    }

    /** Per-channel mean and variance over batch and space of an {@code [N, C, ...]} tensor. */
    private record ChannelStats(double[] mean, double[] variance) {
        static ChannelStats of(Tensor x, int channels) {
            if (x.rank() < 2 || x.dim(1) != channels) {
                throw new IllegalArgumentException("expected [N, " + channels + ", ...] activations, got " + x);
            }
            float[] data = x.floats();
            int inner = x.size() / (x.dim(0) * channels);
            double[] sum = new double[channels];
            double[] sumSq = new double[channels];
            for (int i = x.offset(), nc = 0; nc < x.dim(0) * channels; nc++) {
                int c = nc % channels;
                for (int end = i + inner; i < end; i++) {
                    double v = data[i];
                    sum[c] += v;
                    sumSq[c] += v * v;
                }
            }
            double count = (double) x.dim(0) * inner;
            double[] mean = new double[channels];
            double[] variance = new double[channels];
            for (int c = 0; c < channels; c++) {
                mean[c] = sum[c] / count;
                variance[c] = Math.max(0, sumSq[c] / count - mean[c] * mean[c]);
            }
            return new ChannelStats(mean, variance);
        }

        double overallMean() {
            double s = 0;
            for (double m : mean) {
                s += m;
            }
            return s / mean.length;
        }

        /** Variance over all channels together: within-channel variance plus the spread of the channel means. */
        double totalVariance() {
            double overall = overallMean();
            double spread = 0;
            for (double m : mean) {
                spread += (m - overall) * (m - overall);
            }
            return averageVariance() + spread / mean.length;
        }

        double averageVariance() {
            double s = 0;
            for (double v : variance) {
                s += v;
            }
            return s / variance.length;
        }
    }
}
