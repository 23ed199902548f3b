package io.lcnnserve.core.ops.shape;

import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.tensor.Tensor;
import java.util.Arrays;

/** Axis normalization and per-axis sizes shared by the shape and reduce ops; errors are {@link OpException}s. */
public final class Axes {
    private Axes() {
    }

    /** {@code axis} (negative counts from the end) as an index in {@code [0, rank)}. */
    public static int normalize(long axis, int rank, String what) {
        long a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new OpException(what + " " + axis + " is out of range for rank " + rank
                + " (allowed " + -rank + " to " + (rank - 1) + ")");
        }
        return (int) a;
    }

    /** Normalizes every axis against {@code rank}, rejecting out-of-range and repeated axes. */
    public static int[] normalizeAll(long[] axes, int rank, String what) {
        int[] out = new int[axes.length];
        boolean[] seen = new boolean[rank];
        for (int i = 0; i < axes.length; i++) {
            out[i] = normalize(axes[i], rank, what);
            if (seen[out[i]]) {
                throw new OpException(what + " " + Arrays.toString(axes) + " name axis " + out[i] + " more than once");
            }
            seen[out[i]] = true;
        }
        return out;
    }

    /** Number of elements spanned by dims {@code [from, to)} of {@code shape}. */
    public static int span(int[] shape, int from, int to) {
        long n = 1;
        for (int i = from; i < to; i++) {
            n *= shape[i];
        }
        return Math.toIntExact(n);
    }

    /** Number of elements spanned by dims {@code [from, to)} of {@code tensor} (without copying its shape). */
    public static int span(Tensor tensor, int from, int to) {
        long n = 1;
        for (int i = from; i < to; i++) {
            n *= tensor.dim(i);
        }
        return Math.toIntExact(n);
    }

    /** A dimension read from a shape-valued tensor or attribute, checked to be a non-negative int. */
    public static int dim(long value, String what) {
        if (value < 0 || value > Integer.MAX_VALUE) {
            throw new OpException(what + " " + value + " is not a valid dimension");
        }
        return (int) value;
    }
}
