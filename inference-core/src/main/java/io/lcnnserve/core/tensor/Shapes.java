package io.lcnnserve.core.tensor;

import java.util.Arrays;

/** Small helpers on concrete shapes ({@code int[]} dims, row-major). */
public final class Shapes {
    private Shapes() {
    }

    /** Product of the dims; throws if negative or if it overflows an int (tensors are int-indexed). */
    public static int elementCount(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n *= d;
            if (n > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has more than 2^31 elements");
            }
        }
        return (int) n;
    }

    /** Row-major strides in elements. */
    public static int[] strides(int[] shape) {
        int[] strides = new int[shape.length];
        int s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            strides[i] = s;
            s *= shape[i];
        }
        return strides;
    }

    /** Normalizes a possibly negative axis against {@code rank}; throws if out of range. */
    public static int normalizeAxis(long axis, int rank) {
        long a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException("axis " + axis + " is out of range for rank " + rank);
        }
        return (int) a;
    }

    /** Numpy-style broadcast of two shapes; throws with both shapes if incompatible. */
    public static int[] broadcast(int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException("shapes " + Arrays.toString(a) + " and " + Arrays.toString(b)
                    + " cannot be broadcast together");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /**
     * Element strides that read {@code input} broadcast to {@code outShape}: 0 along broadcast
     * axes. {@code input} is right-aligned against {@code outShape}.
     */
    public static int[] broadcastStrides(int[] input, int[] outShape) {
        int[] strides = new int[outShape.length];
        int[] own = strides(input);
        int shift = outShape.length - input.length;
        for (int i = 0; i < input.length; i++) {
            strides[i + shift] = input[i] == 1 && outShape[i + shift] != 1 ? 0 : own[i];
        }
        return strides;
    }

    public static String toString(int[] shape) {
        return Arrays.toString(shape);
    }
}
