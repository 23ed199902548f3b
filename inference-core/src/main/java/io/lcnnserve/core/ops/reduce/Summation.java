package io.lcnnserve.core.ops.reduce;

import io.lcnnserve.core.ops.NodeSpec;
import io.lcnnserve.core.tensor.DataType;

/** What ReduceSum and ReduceMean share: both add up the reduced elements, starting from 0. */
abstract class Summation extends Reduction {
    Summation(NodeSpec node, int axesInputSinceOpset) {
        super(node, axesInputSinceOpset);
    }

    @Override
    final double initial() {
        return 0;
    }

    @Override
    final double combine(double accumulated, double element) {
        return accumulated + element;
    }

    @Override
    final long initial(DataType type) {
        return 0;
    }

    @Override
    final long combine(long accumulated, long element) {
        return accumulated + element;
    }
}
