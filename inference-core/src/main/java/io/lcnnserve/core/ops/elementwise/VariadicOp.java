package io.lcnnserve.core.ops.elementwise;

import io.lcnnserve.core.ops.NodeSpec;
import io.lcnnserve.core.ops.Op;
import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.ops.TensorInfo;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Base of the ops that fold one or more inputs with a binary function (Sum, Mean, Max, Min):
 * the output starts as input 0 broadcast to the result shape and each further input is combined
 * into it in order. Inputs broadcast multidirectionally from opset 8; before that their shapes
 * must be equal.
 */
public abstract class VariadicOp implements Op {
    private final String opType;
    private final Arithmetic function;
    private final Set<DataType> types;
    private final boolean broadcasting;

    protected VariadicOp(String opType, NodeSpec node, Arithmetic function, Set<DataType> types) {
        node.requireInputs(1, Integer.MAX_VALUE);
        node.requireOutputs(1, 1);
        this.opType = opType;
        this.function = function;
        this.types = types;
        this.broadcasting = node.opset() >= 8;
        if (node.opset() < 6) {
            // consumed_inputs (opset 1) was a memory-reuse hint for the producing framework.
            node.attributes().ignore("consumed_inputs");
        }
    }

    @Override
    public String opType() {
        return opType;
    }

    @Override
    public List<TensorInfo> inferOutputs(List<TensorInfo> inputs) {
        int[][] shapes = new int[inputs.size()][];
        DataType type = inputs.get(0).type();
        for (int k = 0; k < inputs.size(); k++) {
            TensorInfo input = inputs.get(k);
            if (input == null) {
                throw new OpException("input " + k + " is missing; every input of " + opType + " is required");
            }
            if (input.type() != type) {
                throw new OpException("input " + k + " is " + input.type() + " but input 0 is " + type);
            }
            if (!broadcasting && !Arrays.equals(input.shape(), inputs.get(0).shape())) {
                throw new OpException("before opset 8 all input shapes must be equal, input 0 is "
                    + Arrays.toString(inputs.get(0).shape()) + " and input " + k + " is " + Arrays.toString(input.shape()));
            }
            shapes[k] = input.shape();
        }
        if (!types.contains(type)) {
            throw new OpException("element type " + type + " is not supported (supported: " + types + ")");
        }
        return List.of(TensorInfo.of(type, Broadcast.multidirectional(shapes)));
    }

    @Override
    public void eval(Tensor[] inputs, Tensor[] outputs) {
        Tensor out = outputs[0];
        BroadcastArithmetic.expand(inputs[0], out);
        for (int k = 1; k < inputs.length; k++) {
            BroadcastArithmetic.apply(out, inputs[k], out, function);
        }
        finish(out, inputs.length);
    }

    /** Last step after all inputs are folded in; Mean divides by the input count here. */
    protected void finish(Tensor out, int inputCount) {
    }
}
