package io.lcnnserve.core.ops.shape;

import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.tensor.Tensor;
import java.util.Arrays;
import java.util.Objects;

/**
 * The one gathering copy behind Transpose, Slice, Gather, Pad, DepthToSpace and SpaceToDepth.
 * The destination is written in row-major order over a view shape with {@code offsets[k].length}
 * positions on axis k; the element at view coordinates {@code (i0, ..., in)} is read from the
 * source at flat index {@code offsets[0][i0] + ... + offsets[n][in]}, or is the fill value when any
 * of those offsets is {@link #NO_SOURCE}.
 *
 * <p>The last axis is split once into runs of consecutive offsets (or of holes); each run of each
 * row then moves with one {@code System.arraycopy}, which works for every element type.
 */
final class AxisMappedCopy {
    /** Marks a position that has no source element (padding); it receives the fill value. */
    static final int NO_SOURCE = -1;

    private AxisMappedCopy() {
    }

    /** Offsets {@code start + i * stride} for {@code i} in {@code [0, count)}: a plain (possibly reversed) walk of one axis. */
    static int[] strided(int start, int stride, int count) {
        int[] offsets = new int[count];
        for (int i = 0; i < count; i++) {
            offsets[i] = start + i * stride;
        }
        return offsets;
    }

    /** Fills dst as described in the class comment; {@code fill} may be null when no offset is {@link #NO_SOURCE}. */
    static void copy(Tensor src, Tensor dst, int[][] offsets, Tensor fill) {
        TensorCopy.requireSameType(src, dst);
        long total = 1;
        for (int[] axis : offsets) {
            total *= axis.length;
        }
        if (total != dst.size()) {
            throw new OpException("copy view of " + total + " elements does not match " + dst);
        }
        if (offsets.length == 0) {
            TensorCopy.copy(src, 0, dst, 0, 1);
            return;
        }
        if (total == 0) {
            return;
        }
        int rank = offsets.length;
        int[] row = offsets[rank - 1];
        int[] runStarts = runStarts(row);
        int[] coord = new int[rank - 1];
        for (int dstPos = 0; dstPos < total; dstPos += row.length) {
            int base = 0;
            boolean hole = false;
            for (int k = 0; k < rank - 1; k++) {
                int o = offsets[k][coord[k]];
                hole |= o == NO_SOURCE;
                base += o;
            }
            for (int r = 0; r < runStarts.length - 1; r++) {
                int start = runStarts[r];
                int length = runStarts[r + 1] - start;
                if (hole || row[start] == NO_SOURCE) {
                    TensorCopy.fill(dst, dstPos + start, length, Objects.requireNonNull(fill, "fill value"));
                } else {
                    System.arraycopy(src.data(), src.offset() + base + row[start],
                        dst.data(), dst.offset() + dstPos + start, length);
                }
            }
            for (int k = rank - 2; k >= 0 && ++coord[k] == offsets[k].length; k--) {
                coord[k] = 0;
            }
        }
    }

    /** Start of each maximal run of consecutive offsets (or of holes) in {@code row}, then {@code row.length}. */
    private static int[] runStarts(int[] row) {
        int[] starts = new int[row.length + 1];
        int runs = 0;
        for (int i = 0; i < row.length; i++) {
            boolean continues = i > 0 && (row[i] == NO_SOURCE
                ? row[i - 1] == NO_SOURCE
                : row[i - 1] != NO_SOURCE && row[i] == row[i - 1] + 1);
            if (!continues) {
                starts[runs++] = i;
            }
        }
        starts[runs++] = row.length;
        return Arrays.copyOf(starts, runs);
    }
}
