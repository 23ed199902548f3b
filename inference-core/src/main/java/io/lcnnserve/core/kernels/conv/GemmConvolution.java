package io.lcnnserve.core.kernels.conv;

import io.lcnnserve.core.kernels.Activation;
import io.lcnnserve.core.kernels.ScratchBuffers;
import io.lcnnserve.core.kernels.gemm.GemmEpilogue;
import io.lcnnserve.core.kernels.gemm.Sgemm;
import io.lcnnserve.core.kernels.parallel.Parallel;

/**
 * Convolution on NCHW as GEMM, per image and group: {@code Y_g[M/g, OH*OW] = W_g[M/g, K] · X_g[K, OH*OW]}
 * with {@code K = C/g * kH * kW}, the weights pre-packed ({@link ConvWeights}), bias per output
 * channel and the activation fused into the GEMM epilogue.
 *
 * <p>A pointwise (1x1, stride 1, unpadded) convolution multiplies the input planes directly
 * ([C/g, H*W] row-major is already the B matrix). Any other shape (strides, pads, dilations, groups)
 * first unfolds the input with {@link Im2col} into a scratch matrix, its rows split across the
 * {@link Parallel}'s threads like the GEMM. The epilogues are cached in the {@link ConvWeights}, so a
 * call allocates nothing on one thread.
 */
public final class GemmConvolution {

    private GemmConvolution() {
    }

    /**
     * {@code output[n, m, oy, ox] = activation(bias[m] + sum W[m, c, ky, kx] * x[n, c, iy, ix])} for
     * {@code batch} images. {@code bias} may be null (no bias).
     */
    public static void convolve(ConvWeights weights, float[] bias, int biasOffset, Activation activation,
                                int batch, float[] input, int inputOffset, float[] output, int outputOffset,
                                Parallel parallel) {
        ConvShape s = weights.shape();
        int inPlane = s.height() * s.width();
        int outPlane = s.outHeight() * s.outWidth();
        int cg = s.inputChannelsPerGroup();
        int mg = s.outChannelsPerGroup();
        boolean pointwise = s.isPointwise();
        float[] col = pointwise ? null : ScratchBuffers.get(ScratchBuffers.Slot.PRIMARY, s.patchSize() * outPlane);
        GemmEpilogue[] epilogues = weights.epilogues(bias, biasOffset, activation);
        for (int n = 0; n < batch; n++) {
            for (int g = 0; g < s.group(); g++) {
                int groupInput = inputOffset + (n * s.channels() + g * cg) * inPlane;
                int groupOutput = outputOffset + (n * s.outChannels() + g * mg) * outPlane;
                GemmEpilogue epilogue = epilogues[g];
                if (pointwise) {
                    Sgemm.multiply(weights.group(g), outPlane, input, groupInput, inPlane, false,
                        output, groupOutput, outPlane, false, epilogue, parallel);
                } else {
                    unfold(s, input, groupInput, col, parallel);
                    Sgemm.multiply(weights.group(g), outPlane, col, 0, outPlane, false,
                        output, groupOutput, outPlane, false, epilogue, parallel);
                }
            }
        }
    }

    /** Im2col of one group into {@code col}, its rows split across {@code parallel}'s threads. */
    private static void unfold(ConvShape s, float[] input, int groupInput, float[] col, Parallel parallel) {
        if (parallel.threads() == 1) {
            Im2col.unfold(s, input, groupInput, col, 0, 0, s.patchSize());
        } else {
            parallel.forRange(s.patchSize(), 1, (part, first, end) ->
                Im2col.unfold(s, input, groupInput, col, 0, first, end));
        }
    }
}
