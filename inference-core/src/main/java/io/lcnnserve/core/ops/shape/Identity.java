package io.lcnnserve.core.ops.shape;

import io.lcnnserve.core.ops.NodeSpec;
import io.lcnnserve.core.ops.Op;
import io.lcnnserve.core.ops.TensorInfo;
import io.lcnnserve.core.tensor.Tensor;
import java.util.List;

/** Identity: the output is a copy of the input. */
public final class Identity implements Op {
    private Identity() {
    }

    public static Identity create(NodeSpec node) {
        node.requireInputs(1, 1);
        node.requireOutputs(1, 1);
        return new Identity();
    }

    @Override
    public String opType() {
        return "Identity";
    }

    @Override
    public List<TensorInfo> inferOutputs(List<TensorInfo> inputs) {
        TensorInfo in = inputs.getFirst();
        return List.of(TensorInfo.of(in.type(), in.shape()));
    }

    @Override
    public void eval(Tensor[] inputs, Tensor[] outputs) {
        TensorCopy.copyAll(inputs[0], outputs[0]);
    }
}
