package io.lcnnserve.core.ops.reduce;

import io.lcnnserve.core.ops.NodeSpec;

/** ReduceSum: sum over the reduced axes (0 over an empty set); axes became an input in opset 13. */
public final class ReduceSum extends Summation {
    private ReduceSum(NodeSpec node) {
        super(node, 13);
    }

    public static ReduceSum create(NodeSpec node) {
        return new ReduceSum(node);
    }

    @Override
    double finish(double accumulated, int count) {
        return accumulated;
    }

    @Override
    long finish(long accumulated, int count) {
        return accumulated;
    }
}
