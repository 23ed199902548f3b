package io.lcnnserve.core.ops.elementwise;

import io.lcnnserve.core.ops.NodeSpec;
import io.lcnnserve.core.ops.Op;

/** ONNX Sub: {@code C = A - B} with broadcasting. */
public final class Sub extends BroadcastBinaryOp {
    private Sub(NodeSpec node) {
        super("Sub", node, Arithmetic.SUB);
    }

    public static Op create(NodeSpec node) {
        return new Sub(node);
    }
}
