package io.lcnnserve.core.ops.shape;

import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;

/**
 * Type-generic element moves between tensors. Every element type is backed by a primitive array,
 * so contiguous runs move with {@link System#arraycopy} whatever the type; only writing a value
 * given as a number needs to know the type.
 */
public final class TensorCopy {
    private TensorCopy() {
    }

    /** Copies {@code length} elements from flat index {@code srcIndex} of src to {@code dstIndex} of dst. */
    public static void copy(Tensor src, int srcIndex, Tensor dst, int dstIndex, int length) {
        requireSameType(src, dst);
        System.arraycopy(src.data(), src.offset() + srcIndex, dst.data(), dst.offset() + dstIndex, length);
    }

    /** Copies all of src into dst, which must hold the same number of elements (the shapes may differ). */
    public static void copyAll(Tensor src, Tensor dst) {
        if (src.size() != dst.size()) {
            throw new OpException("cannot copy " + src + " into " + dst + ": element counts differ");
        }
        copy(src, 0, dst, 0, src.size());
    }

    /** Sets {@code length} elements of dst from flat index {@code from} to the single element of {@code value}. */
    public static void fill(Tensor dst, int from, int length, Tensor value) {
        if (length == 0) {
            return;
        }
        copy(value, 0, dst, from, 1);
        int start = dst.offset() + from;
        for (int done = 1; done < length; done += Math.min(done, length - done)) {
            System.arraycopy(dst.data(), start, dst.data(), start + done, Math.min(done, length - done));
        }
    }

    /** A rank-0 tensor of {@code type} holding {@code value} converted as {@link #setDouble} does. */
    public static Tensor scalar(DataType type, double value) {
        Tensor t = Tensor.zeros(type);
        setDouble(t, 0, value);
        return t;
    }

    /** Writes element {@code i}; integer types truncate toward zero, BOOL stores {@code value != 0}. */
    public static void setDouble(Tensor t, int i, double value) {
        int k = t.offset() + i;
        switch (t.type()) {
            case FLOAT -> t.floats()[k] = (float) value;
            case DOUBLE -> t.doubles()[k] = value;
            case BOOL -> t.bytes()[k] = (byte) (value != 0 ? 1 : 0);
            default -> setLong(t, i, (long) value);
        }
    }

    /** Writes element {@code i}; narrower integer types wrap like a C cast, BOOL stores {@code value != 0}. */
    public static void setLong(Tensor t, int i, long value) {
        int k = t.offset() + i;
        switch (t.type()) {
            case INT64 -> t.longs()[k] = value;
            case INT32 -> t.ints()[k] = (int) value;
            case UINT8, INT8 -> t.bytes()[k] = (byte) value;
            case BOOL -> t.bytes()[k] = (byte) (value != 0 ? 1 : 0);
            case FLOAT -> t.floats()[k] = value;
            case DOUBLE -> t.doubles()[k] = value;
        }
    }

    static void requireSameType(Tensor a, Tensor b) {
        if (a.type() != b.type()) {
            throw new OpException("element types differ: " + a.type() + " and " + b.type());
        }
    }
}
