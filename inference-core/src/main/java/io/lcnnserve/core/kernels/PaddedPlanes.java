package io.lcnnserve.core.kernels;

import static io.lcnnserve.core.kernels.KernelConfig.FLOAT_SPECIES;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Builds padded copies of one [H, W] image plane so sliding-window kernels (depthwise convolution,
 * pooling) can run full vectors with no border tests.
 *
 * <p>{@link #pad}: {@code dst[y + top][x + left] = src[y][x]}, every other element of the
 * [rows, cols] destination is {@code fill} (0 for convolution, -inf for max pooling).
 * {@link #padDeinterleaved}: the same padded plane split by column parity into an even plane
 * ({@code even[py][j] = padded[py][2j]}) and an odd plane ({@code odd[py][j] = padded[py][2j+1]}),
 * each [rows, half]; a stride-2 window then reads unit-stride vectors: tap {@code kx} of output
 * column {@code ox} is {@code (kx even ? even : odd)[ox + kx/2]}.
 */
public final class PaddedPlanes {

    private static final VectorSpecies<Float> SPECIES = FLOAT_SPECIES;
    private static final FloatVector EVEN_INDEXES = indexes(0);
    private static final FloatVector ODD_INDEXES = indexes(1);

    private PaddedPlanes() {
    }

    private static FloatVector indexes(int first) {
        float[] values = new float[SPECIES.length()];
        for (int i = 0; i < values.length; i++) {
            values[i] = first + 2 * i;
        }
        return FloatVector.fromArray(SPECIES, values, 0);
    }

    /** Pads {@code src} [h, w] into {@code dst} [rows, cols] at ({@code top}, {@code left}); parts outside are dropped. */
    public static void pad(float[] src, int srcOffset, int h, int w, int top, int left, float fill,
                           float[] dst, int dstOffset, int rows, int cols) {
        for (int py = 0; py < rows; py++) {
            padRow(src, srcOffset, h, w, py - top, left, fill, dst, dstOffset + py * cols, cols);
        }
    }

    /**
     * Pads {@code src} [h, w] at ({@code top}, {@code left}) into a virtual [rows, 2*half] plane and
     * writes its even columns to {@code even[evenOffset..]} and odd columns to {@code odd[oddOffset..]},
     * both [rows, half].
     */
    public static void padDeinterleaved(float[] src, int srcOffset, int h, int w, int top, int left, float fill,
                                        float[] even, int evenOffset, float[] odd, int oddOffset, int rows, int half) {
        int lanes = SPECIES.length();
        int rowWidth = 2 * ((half + lanes - 1) / lanes) * lanes;
        float[] row = ScratchBuffers.get(ScratchBuffers.Slot.ROW, rowWidth);
        for (int py = 0; py < rows; py++) {
            padRow(src, srcOffset, h, w, py - top, left, fill, row, 0, rowWidth);
            int e = evenOffset + py * half;
            int o = oddOffset + py * half;
            if (KernelConfig.SCALAR) {
                for (int j = 0; j < half; j++) {
                    even[e + j] = row[2 * j];
                    odd[o + j] = row[2 * j + 1];
                }
                continue;
            }
            int j = 0;
            for (; j + lanes <= half; j += lanes) {
                FloatVector lo = FloatVector.fromArray(SPECIES, row, 2 * j);
                FloatVector hi = FloatVector.fromArray(SPECIES, row, 2 * j + lanes);
                EVEN_INDEXES.selectFrom(lo, hi).intoArray(even, e + j);
                ODD_INDEXES.selectFrom(lo, hi).intoArray(odd, o + j);
            }
            for (; j < half; j++) {
                even[e + j] = row[2 * j];
                odd[o + j] = row[2 * j + 1];
            }
        }
    }

    /** One padded row: input row {@code y} (fill if outside [0, h)) shifted right by {@code left}. */
    private static void padRow(float[] src, int srcOffset, int h, int w, int y, int left, float fill,
                               float[] dst, int dstRow, int cols) {
        if (y < 0 || y >= h) {
            Arrays.fill(dst, dstRow, dstRow + cols, fill);
            return;
        }
        int firstX = Math.max(0, -left);
        int start = Math.min(cols, Math.max(0, left));
        int count = Math.max(0, Math.min(w - firstX, cols - start));
        Arrays.fill(dst, dstRow, dstRow + start, fill);
        System.arraycopy(src, srcOffset + y * w + firstX, dst, dstRow + start, count);
        Arrays.fill(dst, dstRow + start + count, dstRow + cols, fill);
    }
}
