package io.lcnnserve.core.kernels.pool;

import io.lcnnserve.core.kernels.conv.ConvShape;
import io.lcnnserve.core.kernels.parallel.Parallel;

/**
 * Max pooling on NCHW with a kH x kW window (the {@link ConvShape}'s kernel, strides, pads and
 * dilations; its channel counts are ignored), as a direct loop per plane that skips taps in the
 * padding. ONNX {@code ceil_mode} is the same computation with larger bottom/right pads. This is
 * the scalar kernel (used when {@code lcnn.kernels.scalar=true}); the vector one is
 * {@link ChannelBlockedMaxPool}. Planes (N*C) are split across the {@link Parallel}'s threads.
 */
public final class MaxPool {

    private MaxPool() {
    }

    public static void compute(ConvShape shape, int planes, float[] input, int inputOffset, float[] output,
                               int outputOffset, Parallel parallel) {
        int inPlane = shape.height() * shape.width();
        int outPlane = shape.outHeight() * shape.outWidth();
        parallel.forRange(planes, 1, (part, start, end) -> {
            for (int p = start; p < end; p++) {
                int in = inputOffset + p * inPlane;
                int out = outputOffset + p * outPlane;
                plane(shape, input, in, output, out);
            }
        });
    }

    private static void plane(ConvShape s, float[] input, int in, float[] output, int out) {
        for (int oy = 0; oy < s.outHeight(); oy++) {
            for (int ox = 0; ox < s.outWidth(); ox++) {
                float max = Float.NEGATIVE_INFINITY;
                for (int ky = 0; ky < s.kernelH(); ky++) {
                    int iy = oy * s.strideH() - s.padTop() + ky * s.dilationH();
                    if (iy < 0 || iy >= s.height()) {
                        continue;
                    }
                    for (int kx = 0; kx < s.kernelW(); kx++) {
                        int ix = ox * s.strideW() - s.padLeft() + kx * s.dilationW();
                        if (ix >= 0 && ix < s.width()) {
                            max = Math.max(max, input[in + iy * s.width() + ix]);
                        }
                    }
                }
                output[out + oy * s.outWidth() + ox] = max;
            }
        }
    }
}
