package io.lcnnserve.core.ops.elementwise;

import io.lcnnserve.core.ops.NodeSpec;
import io.lcnnserve.core.ops.Op;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import java.util.EnumSet;

/** ONNX Mean: element-wise mean of one or more FLOAT inputs, with broadcasting: their float sum divided by the count. */
public final class Mean extends VariadicOp {
    private Mean(NodeSpec node) {
        super("Mean", node, Arithmetic.ADD, EnumSet.of(DataType.FLOAT));
    }

    public static Op create(NodeSpec node) {
        return new Mean(node);
    }

    @Override
    protected void finish(Tensor out, int inputCount) {
        float[] data = out.floats();
        int end = out.offset() + out.size();
        for (int i = out.offset(); i < end; i++) {
            data[i] /= inputCount;
        }
    }
}
