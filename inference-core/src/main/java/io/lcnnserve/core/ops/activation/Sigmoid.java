package io.lcnnserve.core.ops.activation;

import io.lcnnserve.core.ops.NodeSpec;
import io.lcnnserve.core.ops.Op;

/** ONNX Sigmoid: {@code 1 / (1 + exp(-x))}. */
public final class Sigmoid extends UnaryFloatOp {
    private Sigmoid(NodeSpec node) {
        super("Sigmoid", node);
    }

    public static Op create(NodeSpec node) {
        return new Sigmoid(node);
    }

    @Override
    public float apply(float x) {
        // Evaluated in double, using exp of a non-positive argument so it never overflows.
        if (x >= 0) {
            return (float) (1.0 / (1.0 + Math.exp(-x)));
        }
        double e = Math.exp(x);
        return (float) (e / (1.0 + e));
    }
}
