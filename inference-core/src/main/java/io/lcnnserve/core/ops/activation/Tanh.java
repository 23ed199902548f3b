package io.lcnnserve.core.ops.activation;

import io.lcnnserve.core.ops.NodeSpec;
import io.lcnnserve.core.ops.Op;

/** ONNX Tanh: hyperbolic tangent, evaluated in double and rounded once to float. */
public final class Tanh extends UnaryFloatOp {
    private Tanh(NodeSpec node) {
        super("Tanh", node);
    }

    public static Op create(NodeSpec node) {
        return new Tanh(node);
    }

    @Override
    public float apply(float x) {
        return (float) Math.tanh(x);
    }
}
