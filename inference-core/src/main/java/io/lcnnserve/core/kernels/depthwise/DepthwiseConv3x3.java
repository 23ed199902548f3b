package io.lcnnserve.core.kernels.depthwise;

import static io.lcnnserve.core.kernels.KernelConfig.FLOAT_SPECIES;

import io.lcnnserve.core.kernels.Activation;
import io.lcnnserve.core.kernels.KernelConfig;
import io.lcnnserve.core.kernels.PaddedPlanes;
import io.lcnnserve.core.kernels.ScratchBuffers;
import io.lcnnserve.core.kernels.activation.ActivationKernels;
import io.lcnnserve.core.kernels.conv.ConvShape;
import io.lcnnserve.core.kernels.parallel.Parallel;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Depthwise 3x3 convolution (group = channels, one filter per channel), stride 1 or 2, any pads
 * (asymmetric included), bias and activation fused, on NCHW.
 *
 * <p>Per channel plane: the input is copied into a zero-padded per-thread scratch plane whose rows
 * are wide enough for whole vectors ({@link PaddedPlanes}; the zero border is written once per call,
 * only the interior per channel); for stride 2 the padded plane is split into even and odd columns
 * so every tap is a unit-stride vector load. Then each output row is a vector
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
        if (!shape.isDepthwise3x3()) {
            throw new IllegalArgumentException("not a depthwise 3x3 convolution with stride 1 or 2: " + shape);
        }
        int channels = shape.channels();
        int inPlane = shape.height() * shape.width();
        int outPlane = shape.outHeight() * shape.outWidth();
        parallel.forRange(batch * channels, 1, (part, start, end) -> {
            Workspace workspace = KernelConfig.SCALAR ? null : new Workspace(shape);
            for (int plane = start; plane < end; plane++) {
                int c = plane % channels;
                float b = bias == null ? 0f : bias[biasOffset + c];
                int w = weightsOffset + 9 * c;
                int in = inputOffset + plane * inPlane;
                int out = outputOffset + plane * outPlane;
                if (KernelConfig.SCALAR) {
                    channelScalar(shape, weights, w, b, activation, input, in, output, out);
                } else if (shape.strideH() == 1) {
                    channelStride1(shape, workspace, weights, w, b, activation, input, in, output, out);
                } else {
                    channelStride2(shape, workspace, weights, w, b, activation, input, in, output, out);
                }
            }
        });
    }

    /**
     * The zero-padded scratch plane(s) of one thread for one call: [rows, cols] for stride 1, even
     * and odd column planes [rows, cols] for stride 2. Zeroed once; channels overwrite the interior.
     */
    private static final class Workspace {
        final int rows;
        final int cols;
        final float[] even;
        final float[] odd;

        Workspace(ConvShape s) {
            int lanes = SPECIES.length();
            int outWRounded = (s.outWidth() + lanes - 1) / lanes * lanes;
            if (s.strideH() == 1) {
                rows = s.outHeight() + 2;
                cols = outWRounded + 2;
                even = ScratchBuffers.get(ScratchBuffers.Slot.PRIMARY, rows * cols);
                odd = even;
            } else {
                rows = 2 * s.outHeight() + 1;
                cols = outWRounded + 1;
                even = ScratchBuffers.get(ScratchBuffers.Slot.PRIMARY, rows * cols);
                odd = ScratchBuffers.get(ScratchBuffers.Slot.SECONDARY, rows * cols);
                Arrays.fill(odd, 0, rows * cols, 0f);
            }
            Arrays.fill(even, 0, rows * cols, 0f);
        }
    }

    private static void channelStride1(ConvShape s, Workspace workspace, float[] weights, int w, float bias,
                                       Activation activation, float[] input, int in, float[] output, int out) {
        int outH = s.outHeight();
        int outW = s.outWidth();
        int lanes = SPECIES.length();
        int cols = workspace.cols;
        float[] padded = workspace.even;
        PaddedPlanes.copyInterior(input, in, s.height(), s.width(), s.padTop(), s.padLeft(), padded, 0,
            workspace.rows, cols);
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

    private static void channelStride2(ConvShape s, Workspace workspace, float[] weights, int w, float bias,
                                       Activation activation, float[] input, int in, float[] output, int out) {
        int outH = s.outHeight();
        int outW = s.outWidth();
        int lanes = SPECIES.length();
        int half = workspace.cols;
        float[] even = workspace.even;
        float[] odd = workspace.odd;
        PaddedPlanes.copyInteriorSplit(input, in, s.height(), s.width(), s.padTop(), s.padLeft(), 0f,
            even, odd, workspace.rows, half);
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
            int r0 = 2 * oy * half;
            int r1 = r0 + half;
            int r2 = r1 + half;
            int dst = out + oy * outW;
            for (int ox = 0; ox < outW; ox += lanes) {
                FloatVector acc = biasVector;
                acc = FloatVector.fromArray(SPECIES, even, r0 + ox).fma(w00, acc);
                acc = FloatVector.fromArray(SPECIES, odd, r0 + ox).fma(w01, acc);
                acc = FloatVector.fromArray(SPECIES, even, r0 + ox + 1).fma(w02, acc);
                acc = FloatVector.fromArray(SPECIES, even, r1 + ox).fma(w10, acc);
                acc = FloatVector.fromArray(SPECIES, odd, r1 + ox).fma(w11, acc);
                acc = FloatVector.fromArray(SPECIES, even, r1 + ox + 1).fma(w12, acc);
                acc = FloatVector.fromArray(SPECIES, even, r2 + ox).fma(w20, acc);
                acc = FloatVector.fromArray(SPECIES, odd, r2 + ox).fma(w21, acc);
                acc = FloatVector.fromArray(SPECIES, even, r2 + ox + 1).fma(w22, acc);
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

    /** Direct loops with bounds tests, used when {@code lcnn.kernels.scalar=true}. */
    private static void channelScalar(ConvShape s, float[] weights, int w, float bias, Activation activation,
                                      float[] input, int in, float[] output, int out) {
        int stride = s.strideH();
        for (int oy = 0; oy < s.outHeight(); oy++) {
            for (int ox = 0; ox < s.outWidth(); ox++) {
                float sum = bias;
                for (int ky = 0; ky < 3; ky++) {
                    int iy = oy * stride - s.padTop() + ky;
                    if (iy < 0 || iy >= s.height()) {
                        continue;
                    }
                    for (int kx = 0; kx < 3; kx++) {
                        int ix = ox * stride - s.padLeft() + kx;
                        if (ix >= 0 && ix < s.width()) {
                            sum += weights[w + ky * 3 + kx] * input[in + iy * s.width() + ix];
                        }
                    }
                }
                output[out + oy * s.outWidth() + ox] = ActivationKernels.applyScalar(activation, sum);
            }
        }
    }
}
