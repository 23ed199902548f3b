package io.lcnnserve.core.ops.reduce;

import io.lcnnserve.core.ops.NodeSpec;
import io.lcnnserve.core.ops.OpException;

/**
 * ReduceMean: mean over the reduced axes; axes became an input in opset 18. Integer means
 * truncate toward zero; the float mean of an empty set is NaN, an integer one is an error.
 */
public final class ReduceMean extends Summation {
    private ReduceMean(NodeSpec node) {
        super(node, 18);
    }

    public static ReduceMean create(NodeSpec node) {
        return new ReduceMean(node);
    }

    @Override
    double finish(double accumulated, int count) {
        return accumulated / count;
    }

    @Override
    long finish(long accumulated, int count) {
        if (count == 0) {
            throw new OpException("ReduceMean of an empty set of integers has no value");
        }
        return accumulated / count;
    }
}
