package io.lcnnserve.core.kernels.conv;

import io.lcnnserve.core.kernels.PaddedPlanes;
import java.util.Arrays;

/**
 * Unfolds one group of one NCHW image into the column matrix of an im2col convolution:
 * {@code col[(c*kH + ky)*kW + kx][oy*OW + ox] = x[c][oy*sH - padTop + ky*dH][ox*sW - padLeft + kx*dW]},
 * zero where that position falls in the padding. Row-major, leading dimension {@code OH*OW}.
 */
public final class Im2col {

    private Im2col() {
    }

    /**
     * Writes the [C/group * kH * kW, OH * OW] column matrix of the channels starting at
     * {@code input[inputOffset]} (that group's first channel plane) into {@code col[colOffset..]}.
     */
    public static void unfold(ConvShape s, float[] input, int inputOffset, float[] col, int colOffset) {
        unfold(s, input, inputOffset, col, colOffset, 0, s.patchSize());
    }

    /**
     * As {@link #unfold(ConvShape, float[], int, float[], int)}, only rows {@code [firstRow, endRow)}
     * of the column matrix (so threads can unfold disjoint row ranges).
     */
    public static void unfold(ConvShape s, float[] input, int inputOffset, float[] col, int colOffset, int firstRow,
                              int endRow) {
        int outH = s.outHeight();
        int outW = s.outWidth();
        int plane = s.height() * s.width();
        int taps = s.kernelH() * s.kernelW();
        for (int r = firstRow; r < endRow; r++) {
            int row = colOffset + r * outH * outW;
            int channelBase = inputOffset + r / taps * plane;
            int ky = r % taps / s.kernelW();
            int kx = r % s.kernelW();
            int xShift = kx * s.dilationW() - s.padLeft();
            // Output columns whose input column lies inside the image: ox in [oxStart, oxEnd).
            int oxStart = Math.min(outW, ceilDiv(Math.max(0, -xShift), s.strideW()));
            int oxEnd = Math.max(oxStart, Math.min(outW, ceilDiv(s.width() - xShift, s.strideW())));
            for (int oy = 0; oy < outH; oy++) {
                int dst = row + oy * outW;
                int iy = oy * s.strideH() - s.padTop() + ky * s.dilationH();
                if (iy < 0 || iy >= s.height()) {
                    Arrays.fill(col, dst, dst + outW, 0f);
                    continue;
                }
                Arrays.fill(col, dst, dst + oxStart, 0f);
                int src = channelBase + iy * s.width() + xShift;
                if (s.strideW() == 1) {
                    System.arraycopy(input, src + oxStart, col, dst + oxStart, oxEnd - oxStart);
                } else if (s.strideW() == 2) {
                    PaddedPlanes.copyEvenElements(input, src + 2 * oxStart, col, dst + oxStart, oxEnd - oxStart);
                } else {
                    for (int ox = oxStart; ox < oxEnd; ox++) {
                        col[dst + ox] = input[src + ox * s.strideW()];
                    }
                }
                Arrays.fill(col, dst + oxEnd, dst + outW, 0f);
            }
        }
    }

    private static int ceilDiv(int a, int b) {
        return Math.floorDiv(a + b - 1, b);
    }
}
