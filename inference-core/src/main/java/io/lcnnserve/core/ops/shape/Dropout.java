package io.lcnnserve.core.ops.shape;

import io.lcnnserve.core.ops.Attributes;
import io.lcnnserve.core.ops.NodeSpec;
import io.lcnnserve.core.ops.Op;
import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.ops.TensorInfo;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Dropout at inference: the output is the input and the optional mask is all true (BOOL from
 * opset 10, the input's type before). The ratio is irrelevant; a {@code training_mode} input
 * (opset 12+) that is true is rejected, at plan time when it is a constant.
 */
public final class Dropout implements Op {
    /** Whether the mask is BOOL (opset 10+) rather than the input's type. */
    private final boolean boolMask;
    private final int outputCount;

    private Dropout(boolean boolMask, int outputCount) {
        this.boolMask = boolMask;
        this.outputCount = outputCount;
    }

    public static Dropout create(NodeSpec node) {
        node.requireInputs(1, node.opset() >= 12 ? 3 : 1);
        node.requireOutputs(1, 2);
        Attributes a = node.attributes();
        if (node.opset() < 12) {
            a.getFloat("ratio", 0.5f);
        } else {
            // The seed only drives the random mask of training.
            a.ignore("seed");
        }
        if (node.opset() < 7) {
            // Legacy flags: is_test only switches training behaviour off, which this engine never has.
            a.ignore("is_test", "consumed_inputs");
        }
        return new Dropout(node.opset() >= 10, node.outputCount());
    }

    @Override
    public String opType() {
        return "Dropout";
    }

    @Override
    public List<TensorInfo> inferOutputs(List<TensorInfo> inputs) {
        TensorInfo in = inputs.getFirst();
        TensorInfo trainingMode = inputs.size() > 2 ? inputs.get(2) : null;
        if (trainingMode != null && trainingMode.isConstant()) {
            requireInference(trainingMode.constant());
        }
        List<TensorInfo> outs = new ArrayList<>(2);
        outs.add(TensorInfo.of(in.type(), in.shape()));
        if (outputCount > 1) {
            outs.add(TensorInfo.of(boolMask ? DataType.BOOL : in.type(), in.shape()));
        }
        return outs;
    }

    @Override
    public void eval(Tensor[] inputs, Tensor[] outputs) {
        if (inputs.length > 2 && inputs[2] != null) {
            requireInference(inputs[2]);
        }
        TensorCopy.copyAll(inputs[0], outputs[0]);
        if (outputs.length > 1 && outputs[1] != null) {
            Tensor mask = outputs[1];
            TensorCopy.fill(mask, 0, mask.size(), TensorCopy.scalar(mask.type(), 1));
        }
    }

    private static void requireInference(Tensor trainingMode) {
        if (trainingMode.size() != 1 || trainingMode.getLong(0) != 0) {
            throw new OpException("Dropout in training mode (training_mode = true) is not supported: "
                + "lcnn-serve only runs inference");
        }
    }
}
