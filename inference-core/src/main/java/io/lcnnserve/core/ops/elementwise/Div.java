package io.lcnnserve.core.ops.elementwise;

import io.lcnnserve.core.ops.NodeSpec;
import io.lcnnserve.core.ops.Op;

/** ONNX Div: {@code C = A / B} with broadcasting; integer division truncates toward zero. */
public final class Div extends BroadcastBinaryOp {
    private Div(NodeSpec node) {
        super("Div", node, Arithmetic.DIV);
    }

    public static Op create(NodeSpec node) {
        return new Div(node);
    }
}
