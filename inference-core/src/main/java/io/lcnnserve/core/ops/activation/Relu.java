package io.lcnnserve.core.ops.activation;

import io.lcnnserve.core.ops.NodeSpec;
import io.lcnnserve.core.ops.Op;

/** ONNX Relu: {@code max(0, x)}. */
public final class Relu extends UnaryFloatOp {
    private Relu(NodeSpec node) {
        super("Relu", node);
    }

    public static Op create(NodeSpec node) {
        return new Relu(node);
    }

    @Override
    public float apply(float x) {
        // x > 0 ? x : 0 would turn NaN into 0; ONNX Runtime and numpy propagate it.
        return x < 0 ? 0f : x;
    }
}
