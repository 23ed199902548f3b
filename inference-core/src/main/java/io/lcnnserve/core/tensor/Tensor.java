package io.lcnnserve.core.tensor;

import java.util.Arrays;
import java.util.Objects;

/**
 * A dense, row-major (C order) tensor: element type, shape and a backing array.
 *
 * <p>The backing array is {@code float[]} (FLOAT), {@code long[]} (INT64), {@code int[]} (INT32),
 * {@code double[]} (DOUBLE) or {@code byte[]} (UINT8, INT8, BOOL). Elements start at {@link #offset()}
 * in that array, so a tensor can be a view into a larger buffer (a session's activation arena);
 * kernels must always index {@code data[offset() + i]}.
 *
 * <p>Tensors are not synchronized. A tensor handed to or returned from a session belongs to the
 * caller; tensors inside a session are reused between runs.
 */
public final class Tensor {
    private final DataType type;
    private final int[] shape;
    private final Object data;
    private final int offset;
    private final int size;

    private Tensor(DataType type, int[] shape, Object data, int offset) {
        this.type = Objects.requireNonNull(type);
        this.shape = shape.clone();
        this.data = Objects.requireNonNull(data);
        this.offset = offset;
        this.size = Shapes.elementCount(shape);
        int capacity = java.lang.reflect.Array.getLength(data);
        if (offset < 0 || offset + (long) size > capacity) {
            throw new IllegalArgumentException("tensor of shape " + Arrays.toString(shape)
                + " at offset " + offset + " does not fit a backing array of " + capacity + " elements");
        }
    }

    /** A view of {@code data} starting at {@code offset}; the array must match {@code type}. */
    public static Tensor wrap(DataType type, int[] shape, Object data, int offset) {
        Class<?> expected = arrayClass(type);
        if (data.getClass() != expected) {
            throw new IllegalArgumentException(type + " tensor needs a " + expected.getSimpleName()
                + " backing array, got " + data.getClass().getSimpleName());
        }
        return new Tensor(type, shape, data, offset);
    }

    public static Tensor of(float[] data, int... shape) {
        return new Tensor(DataType.FLOAT, shape, data, 0);
    }

    public static Tensor ofLongs(long[] data, int... shape) {
        return new Tensor(DataType.INT64, shape, data, 0);
    }

    public static Tensor ofInts(int[] data, int... shape) {
        return new Tensor(DataType.INT32, shape, data, 0);
    }

    public static Tensor ofBytes(DataType type, byte[] data, int... shape) {
        return wrap(type, shape, data, 0);
    }

    public static Tensor scalar(float value) {
        return of(new float[] {value});
    }

    /** A zero-filled tensor of the given type and shape. */
    public static Tensor zeros(DataType type, int... shape) {
        int n = Shapes.elementCount(shape);
        return new Tensor(type, shape, newArray(type, n), 0);
    }

    /** A new backing array of {@code length} elements for {@code type}. */
    public static Object newArray(DataType type, int length) {
        return switch (type) {
            case FLOAT -> new float[length];
            case INT64 -> new long[length];
            case INT32 -> new int[length];
            case DOUBLE -> new double[length];
            case UINT8, INT8, BOOL -> new byte[length];
        };
    }

    static Class<?> arrayClass(DataType type) {
        return switch (type) {
            case FLOAT -> float[].class;
            case INT64 -> long[].class;
            case INT32 -> int[].class;
            case DOUBLE -> double[].class;
            case UINT8, INT8, BOOL -> byte[].class;
        };
    }

    public DataType type() {
        return type;
    }

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public int dim(int axis) {
        return shape[axis < 0 ? axis + shape.length : axis];
    }

    /** Number of elements (1 for a scalar). */
    public int size() {
        return size;
    }

    public int offset() {
        return offset;
    }

    public Object data() {
        return data;
    }

    public float[] floats() {
        return cast(float[].class);
    }

    public long[] longs() {
        return cast(long[].class);
    }

    public int[] ints() {
        return cast(int[].class);
    }

    public double[] doubles() {
        return cast(double[].class);
    }

    public byte[] bytes() {
        return cast(byte[].class);
    }

    private <T> T cast(Class<T> arrayType) {
        if (data.getClass() != arrayType) {
            throw new IllegalStateException("tensor is " + type + ", not backed by " + arrayType.getSimpleName());
        }
        return arrayType.cast(data);
    }

    /** Element {@code i} (flat, row-major) as a double, whatever the type; for tests and shape values. */
    public double getDouble(int i) {
        int k = offset + i;
        return switch (type) {
            case FLOAT -> ((float[]) data)[k];
            case INT64 -> ((long[]) data)[k];
            case INT32 -> ((int[]) data)[k];
            case DOUBLE -> ((double[]) data)[k];
            case UINT8 -> ((byte[]) data)[k] & 0xff;
            case INT8, BOOL -> ((byte[]) data)[k];
        };
    }

    /** Element {@code i} as a long; integer tensors (shapes, axes, indices) are read this way. */
    public long getLong(int i) {
        int k = offset + i;
        return switch (type) {
            case INT64 -> ((long[]) data)[k];
            case INT32 -> ((int[]) data)[k];
            case UINT8 -> ((byte[]) data)[k] & 0xff;
            case INT8, BOOL -> ((byte[]) data)[k];
            case FLOAT -> (long) ((float[]) data)[k];
            case DOUBLE -> (long) ((double[]) data)[k];
        };
    }

    /** All elements as longs (for small integer tensors: shapes, axes, pads). */
    public long[] toLongArray() {
        long[] out = new long[size];
        for (int i = 0; i < size; i++) {
            out[i] = getLong(i);
        }
        return out;
    }

    /** All elements as a fresh float array (a copy, starting at index 0). */
    public float[] toFloatArray() {
        float[] out = new float[size];
        if (type == DataType.FLOAT) {
            System.arraycopy(data, offset, out, 0, size);
        } else {
            for (int i = 0; i < size; i++) {
                out[i] = (float) getDouble(i);
            }
        }
        return out;
    }

    /** A compact, offset-0 copy that owns its storage. */
    public Tensor copy() {
        Object copy = newArray(type, size);
        System.arraycopy(data, offset, copy, 0, size);
        return new Tensor(type, shape, copy, 0);
    }

    /** The same elements under another shape with the same element count (no copy). */
    public Tensor reshape(int... newShape) {
        if (Shapes.elementCount(newShape) != size) {
            throw new IllegalArgumentException("cannot reshape " + Arrays.toString(shape) + " to " + Arrays.toString(newShape));
        }
        return new Tensor(type, newShape, data, offset);
    }

    @Override
    public String toString() {
        return "Tensor(" + type + " " + Arrays.toString(shape) + ")";
    }
}
