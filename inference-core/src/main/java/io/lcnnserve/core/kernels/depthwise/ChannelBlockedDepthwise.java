package io.lcnnserve.core.kernels.depthwise;

import static io.lcnnserve.core.kernels.KernelConfig.FLOAT_SPECIES;

import io.lcnnserve.core.kernels.Activation;
import io.lcnnserve.core.kernels.ChannelBlocks;
import io.lcnnserve.core.kernels.activation.ActivationKernels;
import io.lcnnserve.core.kernels.conv.ConvShape;
import io.lcnnserve.core.kernels.parallel.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Depthwise convolution (one kh x kw filter per channel: MobileNet's 3x3 and 5x5, any stride, pads
 * and dilation) with bias and activation fused, on NCHW tensors, computed on blocks of
 * {@link ChannelBlocks#LANES} channels: per strip of output rows the input is gathered channel-
 * interleaved, every output position is then one vector (its block's channels) accumulating one
 * FMA per tap with the taps' per-channel weights as vectors, and the results are gathered back
 * into the channel planes. No lane is idle and nothing is masked however small the plane.
 *
 * <p>3x3 filters keep their nine weight vectors in registers and four output positions in flight;
 * other sizes accumulate tap by tap in the strip's result buffer. Work items (image, channel
 * block, strip) are split across the {@link Parallel}'s threads.
 */
public final class ChannelBlockedDepthwise {

    private static final VectorSpecies<Float> SPECIES = FLOAT_SPECIES;
    private static final int LANES = ChannelBlocks.LANES;
    /** Input floats per strip: the gathered rows stay in L2 while the taps read them. */
    private static final int STRIP_BUDGET_FLOATS = 1 << 14;
    private static final ThreadLocal<Call> CALLS = ThreadLocal.withInitial(Call::new);

    private ChannelBlockedDepthwise() {
    }

    /** Weights [C, taps] as [blocks][taps][LANES]; lanes past the last channel are zero. */
    public static float[] packWeights(float[] weights, int offset, int channels, int taps) {
        float[] packed = new float[ChannelBlocks.blocks(channels) * taps * LANES];
        for (int c = 0; c < channels; c++) {
            int block = c / LANES;
            int lane = c % LANES;
            for (int t = 0; t < taps; t++) {
                packed[(block * taps + t) * LANES + lane] = weights[offset + c * taps + t];
            }
        }
        return packed;
    }

    /** Bias [C] (or none: null) as [blocks][LANES]. */
    public static float[] packBias(float[] bias, int offset, int channels) {
        float[] packed = new float[ChannelBlocks.blocks(channels) * LANES];
        if (bias != null) {
            System.arraycopy(bias, offset, packed, 0, channels);
        }
        return packed;
    }

    /**
     * {@code output[n, c] = activation(bias[c] + depthwise(input[n, c], weights[c]))} for
     * {@code batch} images, with weights and bias from {@link #packWeights} / {@link #packBias}.
     */
    public static void convolve(ConvShape shape, float[] packedWeights, float[] packedBias, Activation activation,
                                int batch, float[] input, int inputOffset, float[] output, int outputOffset,
                                Parallel parallel) {
        if (shape.group() != shape.channels() || shape.outChannels() != shape.channels()) {
            throw new IllegalArgumentException("not a depthwise convolution: " + shape);
        }
        int rowsPerStrip = ChannelBlocks.outRowsPerStrip(shape, STRIP_BUDGET_FLOATS);
        int items = ChannelBlocks.workItems(shape, batch, shape.channels(), rowsPerStrip);
        if (parallel.threads() == 1 || items == 1) {
            items(shape, packedWeights, packedBias, activation, input, inputOffset, output, outputOffset,
                rowsPerStrip, 0, items);
            return;
        }
        Call call = CALLS.get();
        call.set(shape, packedWeights, packedBias, activation, input, inputOffset, output, outputOffset, rowsPerStrip);
        try {
            parallel.forRange(items, 1, call);
        } finally {
            call.clear();
        }
    }

    /** The arguments of one call as a reusable parallel loop body (per calling thread), so a split allocates nothing. */
    private static final class Call implements Parallel.RangeBody {
        private ConvShape shape;
        private float[] weights;
        private float[] bias;
        private Activation activation;
        private float[] input;
        private int inputOffset;
        private float[] output;
        private int outputOffset;
        private int rowsPerStrip;

        void set(ConvShape shape, float[] weights, float[] bias, Activation activation, float[] input, int inputOffset,
                 float[] output, int outputOffset, int rowsPerStrip) {
            this.shape = shape;
            this.weights = weights;
            this.bias = bias;
            this.activation = activation;
            this.input = input;
            this.inputOffset = inputOffset;
            this.output = output;
            this.outputOffset = outputOffset;
            this.rowsPerStrip = rowsPerStrip;
        }

        void clear() {
            set(null, null, null, null, null, 0, null, 0, 0);
        }

        @Override
        public void run(int part, int start, int end) {
            items(shape, weights, bias, activation, input, inputOffset, output, outputOffset, rowsPerStrip, start, end);
        }
    }

    /** Work items {@code [start, end)} ({@link ChannelBlocks#workItems}). */
    private static void items(ConvShape s, float[] weights, float[] bias, Activation activation, float[] input,
                              int inputOffset, float[] output, int outputOffset, int rowsPerStrip, int start, int end) {
        int taps = s.kernelH() * s.kernelW();
        boolean is3x3 = s.kernelH() == 3 && s.kernelW() == 3;
        ChannelBlocks.Workspace workspace = ChannelBlocks.Workspace.forCall(s, s.channels(), rowsPerStrip);
        float[] strip = workspace.strip();
        float[] results = workspace.results();
        for (int item = start; item < end; item++) {
            workspace.gatherItem(item, input, inputOffset, 0f);
            int block = workspace.block();
            if (is3x3) {
                taps3x3(s, strip, workspace.outRows(), weights, block * taps * LANES, bias, block * LANES, activation,
                    results);
            } else if (s.kernelH() == 5 && s.kernelW() == 5) {
                taps5x5(s, strip, workspace.outRows(), weights, block * taps * LANES, bias, block * LANES, results);
            } else {
                tapsGeneral(s, strip, workspace.outRows(), weights, block * taps * LANES, bias, block * LANES, results);
            }
            if (!activation.isIdentity() && !(is3x3 && activation.isClamp())) {
                ActivationKernels.apply(activation, results, 0, results, 0, workspace.positions() * LANES);
            }
            workspace.scatterItem(output, outputOffset);
        }
    }

    /** 3x3 taps with the nine weight vectors in registers; clamps fused. */
    private static void taps3x3(ConvShape s, float[] strip, int outRows, float[] weights, int w, float[] bias, int b,
                                Activation activation, float[] results) {
        int cols = ChannelBlocks.stripCols(s);
        int outW = s.outWidth();
        int rowStep = cols * LANES;
        int dy = s.dilationH() * rowStep;
        int dx = s.dilationW() * LANES;
        int step = s.strideW() * LANES;
        FloatVector w00 = FloatVector.fromArray(SPECIES, weights, w);
        FloatVector w01 = FloatVector.fromArray(SPECIES, weights, w + LANES);
        FloatVector w02 = FloatVector.fromArray(SPECIES, weights, w + 2 * LANES);
        FloatVector w10 = FloatVector.fromArray(SPECIES, weights, w + 3 * LANES);
        FloatVector w11 = FloatVector.fromArray(SPECIES, weights, w + 4 * LANES);
        FloatVector w12 = FloatVector.fromArray(SPECIES, weights, w + 5 * LANES);
        FloatVector w20 = FloatVector.fromArray(SPECIES, weights, w + 6 * LANES);
        FloatVector w21 = FloatVector.fromArray(SPECIES, weights, w + 7 * LANES);
        FloatVector w22 = FloatVector.fromArray(SPECIES, weights, w + 8 * LANES);
        FloatVector biasVector = FloatVector.fromArray(SPECIES, bias, b);
        boolean clamp = activation.isClamp();
        float low = clamp ? activation.clampLow() : Float.NEGATIVE_INFINITY;
        float high = clamp ? activation.clampHigh() : Float.POSITIVE_INFINITY;
        for (int oy = 0; oy < outRows; oy++) {
            int row = oy * s.strideH() * rowStep;
            int dst = oy * outW * LANES;
            for (int ox = 0; ox < outW; ox++) {
                int p = row + ox * step;
                FloatVector acc = FloatVector.fromArray(SPECIES, strip, p).fma(w00, biasVector);
                acc = FloatVector.fromArray(SPECIES, strip, p + dx).fma(w01, acc);
                acc = FloatVector.fromArray(SPECIES, strip, p + 2 * dx).fma(w02, acc);
                acc = FloatVector.fromArray(SPECIES, strip, p + dy).fma(w10, acc);
                acc = FloatVector.fromArray(SPECIES, strip, p + dy + dx).fma(w11, acc);
                acc = FloatVector.fromArray(SPECIES, strip, p + dy + 2 * dx).fma(w12, acc);
                acc = FloatVector.fromArray(SPECIES, strip, p + 2 * dy).fma(w20, acc);
                acc = FloatVector.fromArray(SPECIES, strip, p + 2 * dy + dx).fma(w21, acc);
                acc = FloatVector.fromArray(SPECIES, strip, p + 2 * dy + 2 * dx).fma(w22, acc);
                acc.max(low).min(high).intoArray(results, dst + ox * LANES);
            }
        }
    }

    /**
     * 5x5 taps (MobileNetV3), written out so the accumulator stays in a register for all 25 taps
     * (a tap loop would carry it as a loop value, which C2 boxes); the weights come from L1.
     */
    private static void taps5x5(ConvShape s, float[] strip, int outRows, float[] weights, int w, float[] bias, int b,
                                float[] results) {
        int cols = ChannelBlocks.stripCols(s);
        int outW = s.outWidth();
        int rowStep = cols * LANES;
        int dy = s.dilationH() * rowStep;
        int dx = s.dilationW() * LANES;
        int step = s.strideW() * LANES;
        FloatVector biasVector = FloatVector.fromArray(SPECIES, bias, b);
        for (int oy = 0; oy < outRows; oy++) {
            int row = oy * s.strideH() * rowStep;
            int dst = oy * outW * LANES;
            for (int ox = 0; ox < outW; ox++) {
                int p = row + ox * step;
                FloatVector acc = biasVector;
                acc = FloatVector.fromArray(SPECIES, strip, p).fma(FloatVector.fromArray(SPECIES, weights, w), acc);
                acc = FloatVector.fromArray(SPECIES, strip, p + dx).fma(FloatVector.fromArray(SPECIES, weights, w + LANES), acc);
                acc = FloatVector.fromArray(SPECIES, strip, p + 2 * dx).fma(FloatVector.fromArray(SPECIES, weights, w + 2 * LANES), acc);
                acc = FloatVector.fromArray(SPECIES, strip, p + 3 * dx).fma(FloatVector.fromArray(SPECIES, weights, w + 3 * LANES), acc);
                acc = FloatVector.fromArray(SPECIES, strip, p + 4 * dx).fma(FloatVector.fromArray(SPECIES, weights, w + 4 * LANES), acc);
                acc = FloatVector.fromArray(SPECIES, strip, p + dy).fma(FloatVector.fromArray(SPECIES, weights, w + 5 * LANES), acc);
                acc = FloatVector.fromArray(SPECIES, strip, p + dy + dx).fma(FloatVector.fromArray(SPECIES, weights, w + 6 * LANES), acc);
                acc = FloatVector.fromArray(SPECIES, strip, p + dy + 2 * dx).fma(FloatVector.fromArray(SPECIES, weights, w + 7 * LANES), acc);
                acc = FloatVector.fromArray(SPECIES, strip, p + dy + 3 * dx).fma(FloatVector.fromArray(SPECIES, weights, w + 8 * LANES), acc);
                acc = FloatVector.fromArray(SPECIES, strip, p + dy + 4 * dx).fma(FloatVector.fromArray(SPECIES, weights, w + 9 * LANES), acc);
                acc = FloatVector.fromArray(SPECIES, strip, p + 2 * dy).fma(FloatVector.fromArray(SPECIES, weights, w + 10 * LANES), acc);
                acc = FloatVector.fromArray(SPECIES, strip, p + 2 * dy + dx).fma(FloatVector.fromArray(SPECIES, weights, w + 11 * LANES), acc);
                acc = FloatVector.fromArray(SPECIES, strip, p + 2 * dy + 2 * dx).fma(FloatVector.fromArray(SPECIES, weights, w + 12 * LANES), acc);
                acc = FloatVector.fromArray(SPECIES, strip, p + 2 * dy + 3 * dx).fma(FloatVector.fromArray(SPECIES, weights, w + 13 * LANES), acc);
                acc = FloatVector.fromArray(SPECIES, strip, p + 2 * dy + 4 * dx).fma(FloatVector.fromArray(SPECIES, weights, w + 14 * LANES), acc);
                acc = FloatVector.fromArray(SPECIES, strip, p + 3 * dy).fma(FloatVector.fromArray(SPECIES, weights, w + 15 * LANES), acc);
                acc = FloatVector.fromArray(SPECIES, strip, p + 3 * dy + dx).fma(FloatVector.fromArray(SPECIES, weights, w + 16 * LANES), acc);
                acc = FloatVector.fromArray(SPECIES, strip, p + 3 * dy + 2 * dx).fma(FloatVector.fromArray(SPECIES, weights, w + 17 * LANES), acc);
                acc = FloatVector.fromArray(SPECIES, strip, p + 3 * dy + 3 * dx).fma(FloatVector.fromArray(SPECIES, weights, w + 18 * LANES), acc);
                acc = FloatVector.fromArray(SPECIES, strip, p + 3 * dy + 4 * dx).fma(FloatVector.fromArray(SPECIES, weights, w + 19 * LANES), acc);
                acc = FloatVector.fromArray(SPECIES, strip, p + 4 * dy).fma(FloatVector.fromArray(SPECIES, weights, w + 20 * LANES), acc);
                acc = FloatVector.fromArray(SPECIES, strip, p + 4 * dy + dx).fma(FloatVector.fromArray(SPECIES, weights, w + 21 * LANES), acc);
                acc = FloatVector.fromArray(SPECIES, strip, p + 4 * dy + 2 * dx).fma(FloatVector.fromArray(SPECIES, weights, w + 22 * LANES), acc);
                acc = FloatVector.fromArray(SPECIES, strip, p + 4 * dy + 3 * dx).fma(FloatVector.fromArray(SPECIES, weights, w + 23 * LANES), acc);
                acc = FloatVector.fromArray(SPECIES, strip, p + 4 * dy + 4 * dx).fma(FloatVector.fromArray(SPECIES, weights, w + 24 * LANES), acc);
                acc.intoArray(results, dst + ox * LANES);
            }
        }
    }

    /**
     * Any kh x kw: results start at the bias and take one tap at a time over a whole output row, so
     * no vector lives across the tap loops; the activation is applied afterwards by the caller.
     */
    private static void tapsGeneral(ConvShape s, float[] strip, int outRows, float[] weights, int w, float[] bias,
                                    int b, float[] results) {
        int cols = ChannelBlocks.stripCols(s);
        int outW = s.outWidth();
        int rowStep = cols * LANES;
        int step = s.strideW() * LANES;
        FloatVector biasVector = FloatVector.fromArray(SPECIES, bias, b);
        for (int oy = 0; oy < outRows; oy++) {
            int dst = oy * outW * LANES;
            for (int ox = 0; ox < outW; ox++) {
                biasVector.intoArray(results, dst + ox * LANES);
            }
            for (int ky = 0; ky < s.kernelH(); ky++) {
                int row = (oy * s.strideH() + ky * s.dilationH()) * rowStep;
                for (int kx = 0; kx < s.kernelW(); kx++) {
                    FloatVector weight = FloatVector.fromArray(SPECIES, weights, w + (ky * s.kernelW() + kx) * LANES);
                    int p = row + kx * s.dilationW() * LANES;
                    for (int ox = 0; ox < outW; ox++) {
                        int r = dst + ox * LANES;
                        FloatVector.fromArray(SPECIES, strip, p + ox * step)
                            .fma(weight, FloatVector.fromArray(SPECIES, results, r)).intoArray(results, r);
                    }
                }
            }
        }
    }
}
