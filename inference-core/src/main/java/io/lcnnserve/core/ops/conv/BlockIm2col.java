package io.lcnnserve.core.ops.conv;

import io.lcnnserve.core.kernels.PaddedPlanes;
import io.lcnnserve.core.kernels.conv.ConvShape;
import java.util.Arrays;

/**
 * Unfolds 2-D convolution windows into a GEMM right operand, one block of output positions at a
 * time (blocks keep the scratch cache-sized for wide layers): row {@code (c * kh + ky) * kw + kx} holds, for output positions
 * {@code [start, end)} (row-major over the output plane), the input value that tap reads from
 * channel {@code c}, or 0 in the padding. So with W viewed as [M, C * kh * kw] the convolution of
 * that block is {@code W · columns}.
 */
final class BlockIm2col {
    private BlockIm2col() {
    }

    /**
     * Fills {@code columns} ([channels * kh * kw, end - start], row-major) from the {@code channels}
     * consecutive input planes starting at {@code x[xOffset]}.
     */
    static void fill(ConvShape w, float[] x, int xOffset, int channels, int start, int end, float[] columns) {
        int height = w.height();
        int width = w.width();
        int outputWidth = w.outWidth();
        int strideY = w.strideH();
        int strideX = w.strideW();
        int cols = end - start;
        int row = 0;
        for (int c = 0; c < channels; c++) {
            int plane = xOffset + c * height * width;
            for (int ky = 0; ky < w.kernelH(); ky++) {
                int tapY = ky * w.dilationH() - w.padTop();
                for (int kx = 0; kx < w.kernelW(); kx++) {
                    int tapX = kx * w.dilationW() - w.padLeft();
                    int dst = row * cols;
                    int p = start;
                    while (p < end) {
                        int oy = p / outputWidth;
                        int ox = p % outputWidth;
                        int run = Math.min(outputWidth - ox, end - p);
                        int iy = oy * strideY + tapY;
                        int d = dst + (p - start);
                        if (iy < 0 || iy >= height) {
                            Arrays.fill(columns, d, d + run, 0f);
                        } else {
                            copyRow(x, plane + iy * width, width, ox * strideX + tapX, strideX, columns, d, run);
                        }
                        p += run;
                    }
                    row++;
                }
            }
        }
    }

    /** {@code dst[d + j] = row[firstX + j * stride]} for {@code j < count}, 0 where that x is outside the row. */
    private static void copyRow(float[] x, int rowStart, int width, int firstX, int stride, float[] dst, int d, int count) {
        // Positions j whose x lies in [0, width): j in [lo, hi).
        int lo = firstX >= 0 ? 0 : Math.min(count, (-firstX + stride - 1) / stride);
        int hi = firstX >= width ? 0 : Math.min(count, (width - 1 - firstX) / stride + 1);
        hi = Math.max(hi, lo);
        Arrays.fill(dst, d, d + lo, 0f);
        if (stride == 1) {
            System.arraycopy(x, rowStart + firstX + lo, dst, d + lo, hi - lo);
        } else if (stride == 2) {
            PaddedPlanes.copyEvenElements(x, rowStart + firstX + 2 * lo, dst, d + lo, hi - lo);
        } else {
            for (int j = lo; j < hi; j++) {
                dst[d + j] = x[rowStart + firstX + j * stride];
            }
        }
        Arrays.fill(dst, d + hi, d + count, 0f);
    }
}
