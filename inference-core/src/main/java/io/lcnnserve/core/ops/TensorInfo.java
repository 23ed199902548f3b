package io.lcnnserve.core.ops;

import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import java.util.Arrays;

/**
 * Type and concrete shape of a value at plan time, plus its value when it is known before
 * running (an initializer or a folded constant), else {@code null}.
 */
public record TensorInfo(DataType type, int[] shape, Tensor constant) {

    public TensorInfo {
        shape = shape.clone();
    }

    public static TensorInfo of(DataType type, int... shape) {
        return new TensorInfo(type, shape, null);
    }

    public static TensorInfo constant(Tensor value) {
        return new TensorInfo(value.type(), value.shape(), value);
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public int dim(int axis) {
        return shape[axis < 0 ? axis + shape.length : axis];
    }

    public boolean isConstant() {
        return constant != null;
    }

    /** The constant value, or an {@link OpException} naming {@code what} if it is only known at run time. */
    public Tensor requireConstant(String what) {
        if (constant == null) {
            throw new OpException(what + " must be a constant (an initializer or computable before running)");
        }
        return constant;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorInfo t && t.type == type && Arrays.equals(t.shape, shape) && t.constant == constant;
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return type + Arrays.toString(shape) + (constant != null ? " (constant)" : "");
    }
}
