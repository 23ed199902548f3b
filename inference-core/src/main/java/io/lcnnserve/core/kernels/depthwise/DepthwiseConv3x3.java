package io.lcnnserve.core.kernels.depthwise;

import static io.lcnnserve.core.kernels.KernelConfig.FLOAT_SPECIES;

import io.lcnnserve.core.kernels.Activation;
import io.lcnnserve.core.kernels.InterleavedLanes;
import io.lcnnserve.core.kernels.PaddedPlanes;
import io.lcnnserve.core.kernels.ScratchBuffers;
import io.lcnnserve.core.kernels.activation.ActivationKernels;
import io.lcnnserve.core.kernels.conv.ConvShape;
import io.lcnnserve.core.kernels.parallel.Parallel;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Depthwise 3x3 convolution (group = channels, one filter per channel), stride 1 or 2, any pads
 * (asymmetric included), bias and activation fused, on NCHW, vectorized along rows: the kernel for
 * wide planes (MobileNet's 112x112 and 56x56), whose rows fill whole vectors; narrower planes and
 * other strides run faster on channel blocks ({@link ChannelBlockedDepthwise}).
 *
 * <p>Per channel plane: the input is copied into a zero-padded per-thread scratch plane whose rows
 * are wide enough for whole vectors ({@link PaddedPlanes}; the zero border is written once per call,
 * only the interior per channel). Then each output row is a vector loop along x, at stride 1 two
 * output rows per pass (they share two input rows): each accumulator starts at the bias, takes 9
 * FMAs (3 taps from each of 3 padded rows, weights broadcast once per channel), is clamped in
 * registers for identity/Relu/Clip, and is stored (masked at the row end); other activations then
 * run in place over the finished output row. At stride 2 each row's inputs are split into even and
 * odd elements in registers ({@link #channelStride2}). Channels (batch x C planes) are split across
 * the {@link Parallel}'s threads.
 */
public final class DepthwiseConv3x3 {

    private static final VectorSpecies<Float> SPECIES = FLOAT_SPECIES;
    private static final ThreadLocal<Call> CALLS = ThreadLocal.withInitial(Call::new);

    private DepthwiseConv3x3() {
    }

    /** True for the shapes this kernel runs: depthwise 3x3, undilated, the same stride (1 or 2) along both axes. */
    public static boolean supports(ConvShape shape) {
        return shape.isDepthwise3x3() && shape.strideH() == shape.strideW() && shape.strideH() <= 2;
    }

    /**
     * {@code output[n, c] = activation(bias[c] + conv3x3(input[n, c], weights[c]))} for {@code batch}
     * images; weights are ONNX's [C, 1, 3, 3]; {@code bias} may be null.
     */
    public static void convolve(ConvShape shape, float[] weights, int weightsOffset, float[] bias, int biasOffset,
                                Activation activation, int batch, float[] input, int inputOffset,
                                float[] output, int outputOffset, Parallel parallel) {
        if (!supports(shape)) {
            throw new IllegalArgumentException("not a depthwise 3x3 convolution with stride 1 or 2: " + shape);
        }
        int planes = batch * shape.channels();
        if (parallel.threads() == 1 || planes == 1) {
            planes(shape, weights, weightsOffset, bias, biasOffset, activation, input, inputOffset, output,
                outputOffset, 0, planes);
            return;
        }
        Call call = CALLS.get();
        call.set(shape, weights, weightsOffset, bias, biasOffset, activation, input, inputOffset, output, outputOffset);
        try {
            parallel.forRange(planes, 1, call);
        } finally {
            call.clear();
        }
    }

    /** Channel planes {@code [start, end)} (image-major) through this thread's zero-padded scratch plane. */
    private static void planes(ConvShape shape, float[] weights, int weightsOffset, float[] bias, int biasOffset,
                               Activation activation, float[] input, int inputOffset, float[] output, int outputOffset,
                               int start, int end) {
        int channels = shape.channels();
        int inPlane = shape.height() * shape.width();
        int outPlane = shape.outHeight() * shape.outWidth();
        int stride = shape.strideH();
        int rows = PaddedPlanes.rowKernelRows(shape);
        int cols = PaddedPlanes.rowKernelCols(shape);
        // Zeroed once per call; each channel overwrites only the interior.
        float[] padded = ScratchBuffers.get(ScratchBuffers.Slot.PRIMARY, rows * cols);
        Arrays.fill(padded, 0, rows * cols, 0f);
        for (int plane = start; plane < end; plane++) {
            int c = plane % channels;
            float b = bias == null ? 0f : bias[biasOffset + c];
            PaddedPlanes.copyInterior(input, inputOffset + plane * inPlane, shape.height(), shape.width(), shape.padTop(),
                shape.padLeft(), padded, 0, rows, cols);
            if (stride == 1) {
                channel(shape, padded, cols, weights, weightsOffset + 9 * c, b, activation, output,
                    outputOffset + plane * outPlane);
            } else {
                channelStride2(shape, padded, cols, weights, weightsOffset + 9 * c, b, activation, output,
                    outputOffset + plane * outPlane);
            }
        }
    }

    /** The arguments of one call as a reusable parallel loop body (per calling thread), so a split allocates nothing. */
    private static final class Call implements Parallel.RangeBody {
        private ConvShape shape;
        private float[] weights;
        private int weightsOffset;
        private float[] bias;
        private int biasOffset;
        private Activation activation;
        private float[] input;
        private int inputOffset;
        private float[] output;
        private int outputOffset;

        void set(ConvShape shape, float[] weights, int weightsOffset, float[] bias, int biasOffset, Activation activation,
                 float[] input, int inputOffset, float[] output, int outputOffset) {
            this.shape = shape;
            this.weights = weights;
            this.weightsOffset = weightsOffset;
            this.bias = bias;
            this.biasOffset = biasOffset;
            this.activation = activation;
            this.input = input;
            this.inputOffset = inputOffset;
            this.output = output;
            this.outputOffset = outputOffset;
        }

        void clear() {
            set(null, null, 0, null, 0, null, null, 0, null, 0);
        }

        @Override
        public void run(int part, int start, int end) {
            planes(shape, weights, weightsOffset, bias, biasOffset, activation, input, inputOffset, output, outputOffset,
                start, end);
        }
    }

    /** One channel at stride 1 from its padded plane ({@code cols} wide). */
    private static void channel(ConvShape s, float[] padded, int cols, float[] weights, int w, float bias,
                                Activation activation, float[] output, int out) {
        int outH = s.outHeight();
        int outW = s.outWidth();
        int lanes = SPECIES.length();
        FloatVector w00 = FloatVector.broadcast(SPECIES, weights[w]);
        FloatVector w01 = FloatVector.broadcast(SPECIES, weights[w + 1]);
        FloatVector w02 = FloatVector.broadcast(SPECIES, weights[w + 2]);
        FloatVector w10 = FloatVector.broadcast(SPECIES, weights[w + 3]);
        FloatVector w11 = FloatVector.broadcast(SPECIES, weights[w + 4]);
        FloatVector w12 = FloatVector.broadcast(SPECIES, weights[w + 5]);
        FloatVector w20 = FloatVector.broadcast(SPECIES, weights[w + 6]);
        FloatVector w21 = FloatVector.broadcast(SPECIES, weights[w + 7]);
        FloatVector w22 = FloatVector.broadcast(SPECIES, weights[w + 8]);
        FloatVector biasVector = FloatVector.broadcast(SPECIES, bias);
        float low = activation.isClamp() ? activation.clampLow() : Float.NEGATIVE_INFINITY;
        float high = activation.isClamp() ? activation.clampHigh() : Float.POSITIVE_INFINITY;
        // Two output rows at a time: they share two of their four input rows, so each loaded
        // vector feeds both (12 loads for 2 outputs instead of 18); each output still sums its
        // taps in the one-row order, so results do not depend on the pairing.
        int oy = 0;
        for (; oy + 1 < outH; oy += 2) {
            int r0 = oy * cols;
            int r1 = r0 + cols;
            int r2 = r1 + cols;
            int r3 = r2 + cols;
            int dst = out + oy * outW;
            for (int ox = 0; ox < outW; ox += lanes) {
                FloatVector x0 = FloatVector.fromArray(SPECIES, padded, r0 + ox);
                FloatVector x1 = FloatVector.fromArray(SPECIES, padded, r0 + ox + 1);
                FloatVector x2 = FloatVector.fromArray(SPECIES, padded, r0 + ox + 2);
                FloatVector upper = x0.fma(w00, biasVector);
                upper = x1.fma(w01, upper);
                upper = x2.fma(w02, upper);
                x0 = FloatVector.fromArray(SPECIES, padded, r1 + ox);
                x1 = FloatVector.fromArray(SPECIES, padded, r1 + ox + 1);
                x2 = FloatVector.fromArray(SPECIES, padded, r1 + ox + 2);
                FloatVector lower = x0.fma(w00, biasVector);
                upper = x0.fma(w10, upper);
                lower = x1.fma(w01, lower);
                upper = x1.fma(w11, upper);
                lower = x2.fma(w02, lower);
                upper = x2.fma(w12, upper);
                x0 = FloatVector.fromArray(SPECIES, padded, r2 + ox);
                x1 = FloatVector.fromArray(SPECIES, padded, r2 + ox + 1);
                x2 = FloatVector.fromArray(SPECIES, padded, r2 + ox + 2);
                upper = x0.fma(w20, upper);
                lower = x0.fma(w10, lower);
                upper = x1.fma(w21, upper);
                lower = x1.fma(w11, lower);
                upper = x2.fma(w22, upper);
                lower = x2.fma(w12, lower);
                x0 = FloatVector.fromArray(SPECIES, padded, r3 + ox);
                x1 = FloatVector.fromArray(SPECIES, padded, r3 + ox + 1);
                x2 = FloatVector.fromArray(SPECIES, padded, r3 + ox + 2);
                lower = x0.fma(w20, lower);
                lower = x1.fma(w21, lower);
                lower = x2.fma(w22, lower);
                upper = upper.max(low).min(high);
                lower = lower.max(low).min(high);
                if (ox + lanes <= outW) {
                    upper.intoArray(output, dst + ox);
                    lower.intoArray(output, dst + outW + ox);
                } else {
                    VectorMask<Float> tail = SPECIES.indexInRange(ox, outW);
                    upper.intoArray(output, dst + ox, tail);
                    lower.intoArray(output, dst + outW + ox, tail);
                }
            }
            if (!activation.isClamp()) {
                ActivationKernels.apply(activation, output, dst, output, dst, 2 * outW);
            }
        }
        for (; oy < outH; oy++) {
            int r0 = oy * cols;
            int r1 = r0 + cols;
            int r2 = r1 + cols;
            int dst = out + oy * outW;
            for (int ox = 0; ox < outW; ox += lanes) {
                FloatVector acc = biasVector;
                acc = FloatVector.fromArray(SPECIES, padded, r0 + ox).fma(w00, acc);
                acc = FloatVector.fromArray(SPECIES, padded, r0 + ox + 1).fma(w01, acc);
                acc = FloatVector.fromArray(SPECIES, padded, r0 + ox + 2).fma(w02, acc);
                acc = FloatVector.fromArray(SPECIES, padded, r1 + ox).fma(w10, acc);
                acc = FloatVector.fromArray(SPECIES, padded, r1 + ox + 1).fma(w11, acc);
                acc = FloatVector.fromArray(SPECIES, padded, r1 + ox + 2).fma(w12, acc);
                acc = FloatVector.fromArray(SPECIES, padded, r2 + ox).fma(w20, acc);
                acc = FloatVector.fromArray(SPECIES, padded, r2 + ox + 1).fma(w21, acc);
                acc = FloatVector.fromArray(SPECIES, padded, r2 + ox + 2).fma(w22, acc);
                acc = acc.max(low).min(high);
                if (ox + lanes <= outW) {
                    acc.intoArray(output, dst + ox);
                } else {
                    acc.intoArray(output, dst + ox, SPECIES.indexInRange(ox, outW));
                }
            }
            if (!activation.isClamp()) {
                ActivationKernels.apply(activation, output, dst, output, dst, outW);
            }
        }
    }

    /**
     * One channel at stride 2 from its padded plane ({@code cols} wide). The L outputs of a vector
     * read 2L + 1 consecutive inputs per row: two vector loads split into even and odd elements by a
     * two-vector permute give the left and centre taps, and the even elements two further on the
     * right taps.
     */
    private static void channelStride2(ConvShape s, float[] padded, int cols, float[] weights, int w, float bias,
                                       Activation activation, float[] output, int out) {
        int outH = s.outHeight();
        int outW = s.outWidth();
        int lanes = SPECIES.length();
        FloatVector even = InterleavedLanes.EVEN;
        FloatVector odd = InterleavedLanes.ODD;
        FloatVector w00 = FloatVector.broadcast(SPECIES, weights[w]);
        FloatVector w01 = FloatVector.broadcast(SPECIES, weights[w + 1]);
        FloatVector w02 = FloatVector.broadcast(SPECIES, weights[w + 2]);
        FloatVector w10 = FloatVector.broadcast(SPECIES, weights[w + 3]);
        FloatVector w11 = FloatVector.broadcast(SPECIES, weights[w + 4]);
        FloatVector w12 = FloatVector.broadcast(SPECIES, weights[w + 5]);
        FloatVector w20 = FloatVector.broadcast(SPECIES, weights[w + 6]);
        FloatVector w21 = FloatVector.broadcast(SPECIES, weights[w + 7]);
        FloatVector w22 = FloatVector.broadcast(SPECIES, weights[w + 8]);
        FloatVector biasVector = FloatVector.broadcast(SPECIES, bias);
        float low = activation.isClamp() ? activation.clampLow() : Float.NEGATIVE_INFINITY;
        float high = activation.isClamp() ? activation.clampHigh() : Float.POSITIVE_INFINITY;
        for (int oy = 0; oy < outH; oy++) {
            int r0 = 2 * oy * cols;
            int r1 = r0 + cols;
            int r2 = r1 + cols;
            int dst = out + oy * outW;
            for (int ox = 0; ox < outW; ox += lanes) {
                int x = 2 * ox;
                FloatVector acc = biasVector;
                FloatVector lo = FloatVector.fromArray(SPECIES, padded, r0 + x);
                FloatVector hi = FloatVector.fromArray(SPECIES, padded, r0 + x + lanes);
                FloatVector right = even.selectFrom(FloatVector.fromArray(SPECIES, padded, r0 + x + 2),
                    FloatVector.fromArray(SPECIES, padded, r0 + x + 2 + lanes));
                acc = even.selectFrom(lo, hi).fma(w00, acc);
                acc = odd.selectFrom(lo, hi).fma(w01, acc);
                acc = right.fma(w02, acc);
                lo = FloatVector.fromArray(SPECIES, padded, r1 + x);
                hi = FloatVector.fromArray(SPECIES, padded, r1 + x + lanes);
                right = even.selectFrom(FloatVector.fromArray(SPECIES, padded, r1 + x + 2),
                    FloatVector.fromArray(SPECIES, padded, r1 + x + 2 + lanes));
                acc = even.selectFrom(lo, hi).fma(w10, acc);
                acc = odd.selectFrom(lo, hi).fma(w11, acc);
                acc = right.fma(w12, acc);
                lo = FloatVector.fromArray(SPECIES, padded, r2 + x);
                hi = FloatVector.fromArray(SPECIES, padded, r2 + x + lanes);
                right = even.selectFrom(FloatVector.fromArray(SPECIES, padded, r2 + x + 2),
                    FloatVector.fromArray(SPECIES, padded, r2 + x + 2 + lanes));
                acc = even.selectFrom(lo, hi).fma(w20, acc);
                acc = odd.selectFrom(lo, hi).fma(w21, acc);
                acc = right.fma(w22, acc);
                acc = acc.max(low).min(high);
                if (ox + lanes <= outW) {
                    acc.intoArray(output, dst + ox);
                } else {
                    acc.intoArray(output, dst + ox, SPECIES.indexInRange(ox, outW));
                }
            }
            if (!activation.isClamp()) {
                ActivationKernels.apply(activation, output, dst, output, dst, outW);
            }
        }
    }
}
