package io.lcnnserve.core.ops.elementwise;

import io.lcnnserve.core.ops.NodeSpec;
import io.lcnnserve.core.ops.Op;

/** ONNX Max: element-wise maximum of one or more inputs, with broadcasting; NaN propagates. */
public final class Max extends VariadicOp {
    private Max(NodeSpec node) {
        super("Max", node, Arithmetic.MAX, BroadcastArithmetic.TYPES);
    }

    public static Op create(NodeSpec node) {
        return new Max(node);
    }
}
