package io.lcnnserve.core.ops.conv;

import io.lcnnserve.core.kernels.Activation;
import io.lcnnserve.core.kernels.activation.ActivationKernels;
import io.lcnnserve.core.kernels.conv.ConvShape;
import io.lcnnserve.core.kernels.parallel.Parallel;

/**
 * Depthwise 2-D convolution (each channel plane convolved with its own kh x kw filter) with bias
 * and activation, as a direct loop over output positions that skips taps in the padding: any
 * kernel size, stride and dilation. {@link FusedConv} runs it when scalar kernels are forced
 * ({@code lcnn.kernels.scalar=true}); the vector paths are the kernels' channel-blocked and row
 * depthwise convolutions.
 */
final class DepthwiseConvolution {

    private DepthwiseConvolution() {
    }

    /**
     * Convolves the {@code batch * channels} consecutive channel planes of x into y, plane
     * {@code p} with the filter [kh * kw] and bias of channel {@code p % channels}.
     */
    static void run(ConvShape s, int batch, float[] x, int xOffset, float[] weights, float[] bias,
                    Activation activation, float[] y, int yOffset, Parallel parallel) {
        int planes = batch * s.channels();
        if (parallel.threads() == 1 || planes == 1) {
            planes(s, 0, planes, x, xOffset, weights, bias, activation, y, yOffset);
        } else {
            parallel.forRange(planes, 1, (part, start, end) ->
                planes(s, start, end, x, xOffset, weights, bias, activation, y, yOffset));
        }
    }

    private static void planes(ConvShape s, int start, int end, float[] x, int xOffset, float[] weights, float[] bias,
                               Activation activation, float[] y, int yOffset) {
        int kernelSize = s.kernelH() * s.kernelW();
        int inputSize = s.height() * s.width();
        int outputSize = s.outHeight() * s.outWidth();
        for (int p = start; p < end; p++) {
            int c = p % s.channels();
            int out = yOffset + p * outputSize;
            plane(s, x, xOffset + p * inputSize, weights, c * kernelSize, bias[c], y, out);
            if (!activation.isIdentity()) {
                ActivationKernels.apply(activation, y, out, y, out, outputSize);
            }
        }
    }

    /** One plane before the activation. */
    private static void plane(ConvShape s, float[] x, int in, float[] weights, int w, float bias, float[] y, int out) {
        for (int oy = 0; oy < s.outHeight(); oy++) {
            for (int ox = 0; ox < s.outWidth(); ox++) {
                float sum = bias;
                for (int ky = 0; ky < s.kernelH(); ky++) {
                    int iy = oy * s.strideH() - s.padTop() + ky * s.dilationH();
                    if (iy < 0 || iy >= s.height()) {
                        continue;
                    }
                    for (int kx = 0; kx < s.kernelW(); kx++) {
                        int ix = ox * s.strideW() - s.padLeft() + kx * s.dilationW();
                        if (ix >= 0 && ix < s.width()) {
                            sum += weights[w + ky * s.kernelW() + kx] * x[in + iy * s.width() + ix];
                        }
                    }
                }
                y[out + oy * s.outWidth() + ox] = sum;
            }
        }
    }
}
