package io.lcnnserve.core.ops.shape;

import io.lcnnserve.core.ops.NodeSpec;
import io.lcnnserve.core.ops.Op;
import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.ops.TensorInfo;
import io.lcnnserve.core.tensor.Tensor;
import java.util.List;

/** Flatten: reshapes to 2-D, {@code [d0 * ... * d(axis-1), d(axis) * ... * d(n-1)]}; axis may be negative. */
public final class Flatten implements Op {
    private final long axis;

    private Flatten(long axis) {
        this.axis = axis;
    }

    public static Flatten create(NodeSpec node) {
        node.requireInputs(1, 1);
        node.requireOutputs(1, 1);
        return new Flatten(node.attributes().getInt("axis", 1));
    }

    @Override
    public String opType() {
        return "Flatten";
    }

    @Override
    public List<TensorInfo> inferOutputs(List<TensorInfo> inputs) {
        TensorInfo in = inputs.getFirst();
        int rank = in.rank();
        long ax = axis < 0 ? axis + rank : axis;
        if (ax < 0 || ax > rank) {
            throw new OpException("axis " + axis + " is out of range for rank " + rank
                + " (allowed " + -rank + " to " + rank + ")");
        }
        int[] shape = in.shape();
        return List.of(TensorInfo.of(in.type(), Axes.span(shape, 0, (int) ax), Axes.span(shape, (int) ax, rank)));
    }

    @Override
    public void eval(Tensor[] inputs, Tensor[] outputs) {
        TensorCopy.copyAll(inputs[0], outputs[0]);
    }
}
