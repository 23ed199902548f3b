package io.lcnnserve.core.kernels;

import static io.lcnnserve.core.kernels.KernelConfig.FLOAT_SPECIES;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Padded copies of [H, W] image planes, so sliding-window kernels (depthwise convolution, pooling)
 * run full vectors with no border tests.
 *
 * <p>A padded plane is [rows, cols] with {@code padded[y + top][x + left] = src[y][x]} and every
 * other element equal to a fill value (0 for convolution, -inf for max pooling). The split form
 * stores the padded plane's even columns ({@code even[py][j] = padded[py][2j]}) and odd columns
 * ({@code odd[py][j] = padded[py][2j+1]}), each [rows, half]; a stride-2 window then reads
 * unit-stride vectors: tap {@code kx} of output column {@code ox} is
 * {@code (kx even ? even : odd)[ox + kx/2]}.
 *
 * <p>Usage: fill the destination once per kernel call ({@link Arrays#fill}), then copy each
 * channel with {@link #copyInterior} / {@link #copyInteriorSplit}, which write only positions that
 * come from the input, so the fill stays valid from channel to channel.
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
                EVEN_INDEXES.selectFrom(lo, hi).intoArray(dst, dstOffset + j);
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

    /**
     * Writes the even/odd split of the padded rows that hold input (rows {@code top .. top+h}) of a
     * virtual [rows, 2*half] padded plane, straight from {@code src} [h, w]: each step loads the 2L
     * input floats behind L columns (masked, with {@code fill} outside the row, at the borders) and
     * splits them by lane parity. Rows that are all padding are left untouched, so the planes must
     * already be filled.
     */
    public static void copyInteriorSplit(float[] src, int srcOffset, int h, int w, int top, int left, float fill,
                                         float[] even, float[] odd, int rows, int half) {
        int lanes = SPECIES.length();
        int firstY = Math.max(0, -top);
        int lastY = Math.min(h, rows - top);
        FloatVector fillVector = FloatVector.broadcast(SPECIES, fill);
        for (int y = firstY; y < lastY; y++) {
            int row = srcOffset + y * w;
            int e = (y + top) * half;
            if (KernelConfig.SCALAR) {
                for (int j = 0; j < half; j++) {
                    splitElement(src, row, w, 2 * j - left, fill, even, odd, e + j);
                }
                continue;
            }
            for (int j = 0; j < half; j += lanes) {
                int x = 2 * j - left;
                FloatVector lo;
                FloatVector hi;
                if (x >= 0 && x + 2 * lanes <= w) {
                    lo = FloatVector.fromArray(SPECIES, src, row + x);
                    hi = FloatVector.fromArray(SPECIES, src, row + x + lanes);
                } else if (row + x < 0 || row + x + 2 * lanes > src.length) {
                    // A masked load reaching outside the array takes the Vector API's slow, allocating path.
                    for (int k = j; k < Math.min(half, j + lanes); k++) {
                        splitElement(src, row, w, 2 * k - left, fill, even, odd, e + k);
                    }
                    continue;
                } else {
                    VectorMask<Float> loMask = SPECIES.indexInRange(x, w);
                    VectorMask<Float> hiMask = SPECIES.indexInRange(x + lanes, w);
                    lo = fillVector.blend(FloatVector.fromArray(SPECIES, src, row + x, loMask), loMask);
                    hi = fillVector.blend(FloatVector.fromArray(SPECIES, src, row + x + lanes, hiMask), hiMask);
                }
                FloatVector evenLanes = EVEN_INDEXES.selectFrom(lo, hi);
                FloatVector oddLanes = ODD_INDEXES.selectFrom(lo, hi);
                if (j + lanes <= half) {
                    evenLanes.intoArray(even, e + j);
                    oddLanes.intoArray(odd, e + j);
                } else {
                    VectorMask<Float> store = SPECIES.indexInRange(j, half);
                    evenLanes.intoArray(even, e + j, store);
                    oddLanes.intoArray(odd, e + j, store);
                }
            }
        }
    }

    /** even[index] = row[x], odd[index] = row[x + 1], with {@code fill} outside [0, w). */
    private static void splitElement(float[] src, int row, int w, int x, float fill, float[] even, float[] odd,
                                     int index) {
        even[index] = x >= 0 && x < w ? src[row + x] : fill;
        odd[index] = x + 1 >= 0 && x + 1 < w ? src[row + x + 1] : fill;
    }
}
