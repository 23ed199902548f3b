package io.lcnnserve.core.ops.elementwise;

import io.lcnnserve.core.ops.NodeSpec;
import io.lcnnserve.core.ops.Op;

/** ONNX Mul: {@code C = A * B} with broadcasting. */
public final class Mul extends BroadcastBinaryOp {
    private Mul(NodeSpec node) {
        super("Mul", node, Arithmetic.MUL);
    }

    public static Op create(NodeSpec node) {
        return new Mul(node);
    }
}
