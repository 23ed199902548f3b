package io.lcnnserve.core.ops.reduce;

import io.lcnnserve.core.ops.NodeSpec;
import io.lcnnserve.core.tensor.DataType;

/** ReduceSum: sum over the reduced axes (0 over an empty set); axes became an input in opset 13. */
public final class ReduceSum extends Reduction {
    private ReduceSum(NodeSpec node) {
        super(node, 13);
    }

    public static ReduceSum create(NodeSpec node) {
        return new ReduceSum(node);
    }

    @Override
    double initial() {
        return 0;
    }

    @Override
    double combine(double accumulated, double element) {
        return accumulated + element;
    }

    @Override
    double finish(double accumulated, int count) {
        return accumulated;
    }

    @Override
    long initial(DataType type) {
        return 0;
    }

    @Override
    long combine(long accumulated, long element) {
        return accumulated + element;
    }

    @Override
    long finish(long accumulated, int count) {
        return accumulated;
    }
}
