package io.lcnnserve.core.ops.activation;

import io.lcnnserve.core.ops.NodeSpec;
import io.lcnnserve.core.ops.Op;
import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.ops.TensorInfo;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import java.util.List;

/**
 * Base of the one-input, one-output ops that map every FLOAT element through a function
 * (Relu, LeakyRelu, Sigmoid, HardSigmoid, HardSwish, Tanh, Exp): the output has the input's
 * shape. Subclasses give the function; {@link #map} is the shared loop, also used by ops with
 * extra inputs such as Clip.
 */
public abstract class UnaryFloatOp implements Op {
    /** A function of one float element. */
    @FunctionalInterface
    public interface FloatFunction {
        float apply(float x);
    }

    private final String opType;
    /** {@link #apply} as a function, made once: a method reference per eval would allocate. */
    private final FloatFunction function = this::apply;

    protected UnaryFloatOp(String opType, NodeSpec node) {
        node.requireInputs(1, 1);
        node.requireOutputs(1, 1);
        this.opType = opType;
        if (node.opset() < 6) {
            // consumed_inputs (opset 1) was a memory-reuse hint for the producing framework.
            node.attributes().ignore("consumed_inputs");
        }
    }

    /** The function applied to each element; the reference definition of this op. */
    public abstract float apply(float x);

    @Override
    public String opType() {
        return opType;
    }

    @Override
    public List<TensorInfo> inferOutputs(List<TensorInfo> inputs) {
        TensorInfo x = inputs.get(0);
        requireFloat(x, "input");
        return List.of(TensorInfo.of(DataType.FLOAT, x.shape()));
    }

    @Override
    public void eval(Tensor[] inputs, Tensor[] outputs) {
        map(inputs[0], outputs[0], function);
    }

    /** {@code out[i] = f(in[i])} for every element; the tensors have the same size. */
    public static void map(Tensor in, Tensor out, FloatFunction f) {
        float[] x = in.floats();
        float[] y = out.floats();
        int xo = in.offset();
        int yo = out.offset();
        int n = in.size();
        for (int i = 0; i < n; i++) {
            y[yo + i] = f.apply(x[xo + i]);
        }
    }

    static void requireFloat(TensorInfo info, String what) {
        if (info.type() != DataType.FLOAT) {
            throw new OpException(what + " must be FLOAT, got " + info.type());
        }
    }
}
