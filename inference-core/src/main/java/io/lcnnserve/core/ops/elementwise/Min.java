package io.lcnnserve.core.ops.elementwise;

import io.lcnnserve.core.ops.NodeSpec;
import io.lcnnserve.core.ops.Op;

/** ONNX Min: element-wise minimum of one or more inputs, with broadcasting; NaN propagates. */
public final class Min extends VariadicOp {
    private Min(NodeSpec node) {
        super("Min", node, Arithmetic.MIN, BroadcastArithmetic.TYPES);
    }

    public static Op create(NodeSpec node) {
        return new Min(node);
    }
}
