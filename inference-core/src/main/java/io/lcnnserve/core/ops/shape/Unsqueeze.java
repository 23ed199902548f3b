package io.lcnnserve.core.ops.shape;

import io.lcnnserve.core.ops.NodeSpec;
import io.lcnnserve.core.ops.Op;
import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.ops.TensorInfo;
import io.lcnnserve.core.tensor.Tensor;
import java.util.List;

/**
 * Unsqueeze: inserts size-1 axes at the given positions of the output (attribute before opset 13,
 * constant input from 13); negative axes count from the end of the output.
 */
public final class Unsqueeze implements Op {
    private final AxesArgument axes;

    private Unsqueeze(AxesArgument axes) {
        this.axes = axes;
    }

    public static Unsqueeze create(NodeSpec node) {
        node.requireInputs(node.opset() >= 13 ? 2 : 1, node.opset() >= 13 ? 2 : 1);
        node.requireOutputs(1, 1);
        AxesArgument axes = AxesArgument.of(node, 13);
        if (!axes.fromInput() && axes.attribute() == null) {
            throw new OpException("required attribute 'axes' is missing");
        }
        return new Unsqueeze(axes);
    }

    @Override
    public String opType() {
        return "Unsqueeze";
    }

    @Override
    public List<TensorInfo> inferOutputs(List<TensorInfo> inputs) {
        TensorInfo in = inputs.getFirst();
        long[] requested = axes.planned(inputs, "Unsqueeze");
        if (requested == null) {
            throw new OpException("Unsqueeze needs its 'axes' input");
        }
        int rank = in.rank() + requested.length;
        boolean[] inserted = new boolean[rank];
        for (int ax : Axes.normalizeAll(requested, rank, "Unsqueeze axis")) {
            inserted[ax] = true;
        }
        int[] out = new int[rank];
        for (int d = 0, from = 0; d < rank; d++) {
            out[d] = inserted[d] ? 1 : in.dim(from++);
        }
        return List.of(TensorInfo.of(in.type(), out));
    }

    @Override
    public void eval(Tensor[] inputs, Tensor[] outputs) {
        TensorCopy.copyAll(inputs[0], outputs[0]);
    }
}
