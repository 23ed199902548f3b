package io.lcnnserve.core.ops.shape;

import io.lcnnserve.core.ops.Attributes;
import io.lcnnserve.core.ops.NodeSpec;
import io.lcnnserve.core.ops.Op;
import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.ops.TensorInfo;
import io.lcnnserve.core.tensor.Tensor;
import java.util.List;

/**
 * Constant: a value fixed in the model, from exactly one of {@code value} (a tensor),
 * {@code value_float}/{@code value_int} (scalars) or {@code value_floats}/{@code value_ints} (1-D)
 * (the last four from opset 12). Sparse and string constants are rejected: the engine stores
 * neither.
 */
public final class Constant implements Op {
    private final Tensor value;

    private Constant(Tensor value) {
        this.value = value;
    }

    public static Constant create(NodeSpec node) {
        node.requireInputs(0, 0);
        node.requireOutputs(1, 1);
        Attributes a = node.attributes();
        if (node.opset() >= 11 && a.has("sparse_value")) {
            throw new OpException("sparse constants ('sparse_value') are not supported; store the value densely");
        }
        if (node.opset() >= 12 && (a.has("value_string") || a.has("value_strings"))) {
            throw new OpException("string constants are not supported: the engine has no string tensors");
        }
        int given = 0;
        Tensor value = null;
        if (a.has("value")) {
            given++;
            value = a.getTensor("value");
        }
        if (node.opset() >= 12) {
            if (a.has("value_float")) {
                given++;
                value = Tensor.scalar(a.getFloat("value_float", 0));
            }
            if (a.has("value_floats")) {
                given++;
                float[] floats = a.getFloats("value_floats", null);
                value = Tensor.of(floats, floats.length);
            }
            if (a.has("value_int")) {
                given++;
                value = Tensor.ofLongs(new long[] {a.requireInt("value_int")});
            }
            if (a.has("value_ints")) {
                given++;
                long[] ints = a.getInts("value_ints", null);
                value = Tensor.ofLongs(ints, ints.length);
            }
        }
        if (given != 1) {
            throw new OpException("Constant needs exactly one value attribute, got " + given + " of " + a.names());
        }
        return new Constant(value.copy());
    }

    /** The constant's value; do not modify. */
    public Tensor value() {
        return value;
    }

    @Override
    public String opType() {
        return "Constant";
    }

    @Override
    public List<TensorInfo> inferOutputs(List<TensorInfo> inputs) {
        return List.of(TensorInfo.constant(value));
    }

    @Override
    public void eval(Tensor[] inputs, Tensor[] outputs) {
        TensorCopy.copyAll(value, outputs[0]);
    }
}
