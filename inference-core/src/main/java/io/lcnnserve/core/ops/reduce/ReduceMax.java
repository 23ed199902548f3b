package io.lcnnserve.core.ops.reduce;

import io.lcnnserve.core.ops.NodeSpec;
import io.lcnnserve.core.tensor.DataType;

/**
 * ReduceMax: maximum over the reduced axes (NaN propagates); axes became an input in opset 18.
 * The maximum of an empty set is the type's lowest value (-infinity for floats).
 */
public final class ReduceMax extends Reduction {
    private ReduceMax(NodeSpec node) {
        super(node, 18);
    }

    public static ReduceMax create(NodeSpec node) {
        return new ReduceMax(node);
    }

    @Override
    double initial() {
        return Double.NEGATIVE_INFINITY;
    }

    @Override
    double combine(double accumulated, double element) {
        return Math.max(accumulated, element);
    }

    @Override
    double finish(double accumulated, int count) {
        return accumulated;
    }

    @Override
    long initial(DataType type) {
        return switch (type) {
            case INT64 -> Long.MIN_VALUE;
            case INT32 -> Integer.MIN_VALUE;
            case INT8 -> Byte.MIN_VALUE;
            default -> 0;
        };
    }

    @Override
    long combine(long accumulated, long element) {
        return Math.max(accumulated, element);
    }

    @Override
    long finish(long accumulated, int count) {
        return accumulated;
    }
}
