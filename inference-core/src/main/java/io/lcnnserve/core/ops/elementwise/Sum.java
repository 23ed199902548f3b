package io.lcnnserve.core.ops.elementwise;

import io.lcnnserve.core.ops.NodeSpec;
import io.lcnnserve.core.ops.Op;
import io.lcnnserve.core.tensor.DataType;
import java.util.EnumSet;

/** ONNX Sum: element-wise sum of one or more FLOAT inputs, with broadcasting. */
public final class Sum extends VariadicOp {
    private Sum(NodeSpec node) {
        super("Sum", node, Arithmetic.ADD, EnumSet.of(DataType.FLOAT));
    }

    public static Op create(NodeSpec node) {
        return new Sum(node);
    }
}
