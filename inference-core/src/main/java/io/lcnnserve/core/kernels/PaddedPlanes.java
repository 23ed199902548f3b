package io.lcnnserve.core.kernels;

import static io.lcnnserve.core.kernels.KernelConfig.FLOAT_SPECIES;

import io.lcnnserve.core.kernels.conv.ConvShape;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Padded copies of [H, W] image planes, so a sliding-window row kernel (depthwise convolution, max pooling)
 * runs full vectors with no border tests, and strided row copies for im2col.
 *
 * <p>A padded plane is [rows, cols] with {@code padded[y + top][x + left] = src[y][x]} and every
 * other element equal to a fill value ({@link #rowKernelRows} x {@link #rowKernelCols} for a row
 * kernel). Usage: fill the destination once per kernel call
 * ({@link java.util.Arrays#fill}), then copy each channel with {@link #copyInterior}, which writes
 * only positions that come from the input, so the fill stays valid from channel to channel.
 */
public final class PaddedPlanes {

    private static final VectorSpecies<Float> SPECIES = FLOAT_SPECIES;

    private PaddedPlanes() {
    }

    /**
     * Rows of the padded plane a row kernel reads for {@code shape}'s window (equal strides along
     * both axes): {@code stride * (outH - 1) + kernelH}.
     */
    public static int rowKernelRows(ConvShape shape) {
        return shape.strideH() * (shape.outHeight() - 1) + shape.kernelH();
    }

    /**
     * Columns of the padded plane a row kernel reads for {@code shape}'s window: the output row
     * rounded up to whole vectors, each vector of L outputs reading {@code stride * L + kernelW - 1}
     * input columns.
     */
    public static int rowKernelCols(ConvShape shape) {
        int lanes = SPECIES.length();
        return shape.strideW() * ((shape.outWidth() + lanes - 1) / lanes * lanes) + shape.kernelW() - 1;
    }

    /** Copies {@code src} [h, w] into the already-filled [rows, cols] plane at ({@code top}, {@code left}). */
    public static void copyInterior(float[] src, int srcOffset, int h, int w, int top, int left,
                                    float[] dst, int dstOffset, int rows, int cols) {
        int firstX = Math.max(0, -left);
        int start = Math.min(cols, Math.max(0, left));
        int count = Math.max(0, Math.min(w - firstX, cols - start));
        int firstY = Math.max(0, -top);
        int lastY = Math.min(h, rows - top);
        for (int y = firstY; y < lastY; y++) {
            copyRun(src, srcOffset + y * w + firstX, dst, dstOffset + (y + top) * cols + start, count);
        }
    }

    /** {@code dst[dstOffset + j] = src[srcOffset + 2j]} for {@code j < count} (a stride-2 row, e.g. for im2col). */
    public static void copyEvenElements(float[] src, int srcOffset, float[] dst, int dstOffset, int count) {
        int lanes = SPECIES.length();
        int j = 0;
        if (!KernelConfig.SCALAR) {
            // Each step reads 2L floats; stop while that stays inside the array.
            for (; j + lanes <= count && srcOffset + 2 * (j + lanes) <= src.length; j += lanes) {
                FloatVector lo = FloatVector.fromArray(SPECIES, src, srcOffset + 2 * j);
                FloatVector hi = FloatVector.fromArray(SPECIES, src, srcOffset + 2 * j + lanes);
                InterleavedLanes.EVEN.selectFrom(lo, hi).intoArray(dst, dstOffset + j);
            }
        }
        for (; j < count; j++) {
            dst[dstOffset + j] = src[srcOffset + 2 * j];
        }
    }

    /** Copies {@code count} floats; short rows (7x7, 14x14 planes) are cheaper as masked vectors than arraycopy calls. */
    private static void copyRun(float[] src, int srcOffset, float[] dst, int dstOffset, int count) {
        int lanes = SPECIES.length();
        if (KernelConfig.SCALAR || count > 4 * lanes) {
            System.arraycopy(src, srcOffset, dst, dstOffset, count);
            return;
        }
        for (int j = 0; j < count; j += lanes) {
            if (j + lanes <= count) {
                FloatVector.fromArray(SPECIES, src, srcOffset + j).intoArray(dst, dstOffset + j);
            } else {
                VectorMask<Float> mask = SPECIES.indexInRange(j, count);
                FloatVector.fromArray(SPECIES, src, srcOffset + j, mask).intoArray(dst, dstOffset + j, mask);
            }
        }
    }
}
