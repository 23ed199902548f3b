package io.lcnnserve.core.kernels.depthwise;

import static io.lcnnserve.core.kernels.KernelConfig.FLOAT_SPECIES;

import io.lcnnserve.core.kernels.Activation;
import io.lcnnserve.core.kernels.PaddedPlanes;
import io.lcnnserve.core.kernels.ScratchBuffers;
import io.lcnnserve.core.kernels.activation.ActivationKernels;
import io.lcnnserve.core.kernels.conv.ConvShape;
import io.lcnnserve.core.kernels.parallel.Parallel;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Depthwise 3x3 convolution (group = channels, one filter per channel), stride 1, any pads
 * (asymmetric included), bias and activation fused, on NCHW, vectorized along rows: the kernel for
 * wide planes (MobileNet's 112x112), whose rows fill whole vectors; narrower planes and other
 * strides run faster on channel blocks ({@link ChannelBlockedDepthwise}).
 *
 * <p>Per channel plane: the input is copied into a zero-padded per-thread scratch plane whose rows
 * are wide enough for whole vectors ({@link PaddedPlanes}; the zero border is written once per call,
 * only the interior per channel). Then each output row is a vector
 * loop along x: the accumulator starts at the bias, takes 9 FMAs (3 taps from each of 3 padded rows,
 * weights broadcast once per channel), is clamped in registers for identity/Relu/Clip, and is stored
 * (masked at the row end); other activations then run in place over the finished output row.
 * Channels (batch x C planes) are split across the {@link Parallel}'s threads.
 */
public final class DepthwiseConv3x3 {

    private static final VectorSpecies<Float> SPECIES = FLOAT_SPECIES;

    private DepthwiseConv3x3() {
    }

    /**
     * {@code output[n, c] = activation(bias[c] + conv3x3(input[n, c], weights[c]))} for {@code batch}
     * images; weights are ONNX's [C, 1, 3, 3]; {@code bias} may be null.
     */
    public static void convolve(ConvShape shape, float[] weights, int weightsOffset, float[] bias, int biasOffset,
                                Activation activation, int batch, float[] input, int inputOffset,
                                float[] output, int outputOffset, Parallel parallel) {
        if (!shape.isDepthwise3x3() || shape.strideH() != 1) {
            throw new IllegalArgumentException("not a depthwise 3x3 convolution with stride 1: " + shape);
        }
        int channels = shape.channels();
        int inPlane = shape.height() * shape.width();
        int outPlane = shape.outHeight() * shape.outWidth();
        int rows = shape.outHeight() + 2;
        int cols = (shape.outWidth() + SPECIES.length() - 1) / SPECIES.length() * SPECIES.length() + 2;
        parallel.forRange(batch * channels, 1, (part, start, end) -> {
            // This thread's zero-padded plane: zeroed once per call, each channel overwrites the interior.
            float[] padded = ScratchBuffers.get(ScratchBuffers.Slot.PRIMARY, rows * cols);
            Arrays.fill(padded, 0, rows * cols, 0f);
            for (int plane = start; plane < end; plane++) {
                int c = plane % channels;
                float b = bias == null ? 0f : bias[biasOffset + c];
                channel(shape, padded, rows, cols, weights, weightsOffset + 9 * c, b, activation, input,
                    inputOffset + plane * inPlane, output, outputOffset + plane * outPlane);
            }
        });
    }

    private static void channel(ConvShape s, float[] padded, int rows, int cols, float[] weights, int w, float bias,
                                Activation activation, float[] input, int in, float[] output, int out) {
        int outH = s.outHeight();
        int outW = s.outWidth();
        int lanes = SPECIES.length();
        PaddedPlanes.copyInterior(input, in, s.height(), s.width(), s.padTop(), s.padLeft(), padded, 0, rows, cols);
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
}
