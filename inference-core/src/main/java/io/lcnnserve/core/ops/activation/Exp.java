package io.lcnnserve.core.ops.activation;

import io.lcnnserve.core.ops.NodeSpec;
import io.lcnnserve.core.ops.Op;

/** ONNX Exp: {@code e^x}, evaluated in double and rounded once to float. */
public final class Exp extends UnaryFloatOp {
    private Exp(NodeSpec node) {
        super("Exp", node);
    }

    public static Op create(NodeSpec node) {
        return new Exp(node);
    }

    @Override
    public float apply(float x) {
        return (float) Math.exp(x);
    }
}
