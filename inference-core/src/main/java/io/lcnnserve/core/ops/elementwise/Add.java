package io.lcnnserve.core.ops.elementwise;

import io.lcnnserve.core.ops.NodeSpec;
import io.lcnnserve.core.ops.Op;

/** ONNX Add: {@code C = A + B} with broadcasting. */
public final class Add extends BroadcastBinaryOp {
    private Add(NodeSpec node) {
        super("Add", node, Arithmetic.ADD);
    }

    public static Op create(NodeSpec node) {
        return new Add(node);
    }
}
