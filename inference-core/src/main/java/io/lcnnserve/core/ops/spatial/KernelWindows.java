package io.lcnnserve.core.ops.spatial;

import io.lcnnserve.core.kernels.conv.ConvShape;

/** The kernels' {@link ConvShape} for a 2-D {@link WindowGeometry}, as the kernel-backed conv and pool ops use it. */
public final class KernelWindows {
    private KernelWindows() {
    }

    /**
     * The kernel geometry of {@code g} (2-D) with these channel counts. The kernels compute the
     * floor-mode output size, so the bottom/right pads grow where {@code ceil_mode} added a last
     * window (that padding only ever holds the fill value).
     */
    public static ConvShape of(WindowGeometry g, int channels, int outChannels, int group) {
        if (g.rank() != 2) {
            throw new IllegalArgumentException("expected a 2-D window, got " + g);
        }
        int[] input = g.inputShape();
        int[] output = g.outputShape();
        int[] kernel = g.kernelShape();
        int[] strides = g.strides();
        int[] dilations = g.dilations();
        int[] padsBegin = g.padsBegin();
        int[] padsEnd = g.padsEnd();
        for (int a = 0; a < 2; a++) {
            int extent = (kernel[a] - 1) * dilations[a] + 1;
            padsEnd[a] = Math.max(padsEnd[a], (output[a] - 1) * strides[a] + extent - input[a] - padsBegin[a]);
        }
        return new ConvShape(channels, input[0], input[1], outChannels, kernel[0], kernel[1], strides[0], strides[1],
            padsBegin[0], padsBegin[1], padsEnd[0], padsEnd[1], dilations[0], dilations[1], group);
    }
}
