package io.lcnnserve.core.ops.reduce;

import io.lcnnserve.core.ops.NodeSpec;
import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.tensor.DataType;

/**
 * ReduceMean: mean over the reduced axes; axes became an input in opset 18. Integer means
 * truncate toward zero; the float mean of an empty set is NaN, an integer one is an error.
 */
public final class ReduceMean extends Reduction {
    private ReduceMean(NodeSpec node) {
        super(node, 18);
    }

    public static ReduceMean create(NodeSpec node) {
        return new ReduceMean(node);
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
        return accumulated / count;
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
        if (count == 0) {
            throw new OpException("ReduceMean of an empty set of integers has no value");
        }
        return accumulated / count;
    }
}
