package io.lcnnserve.core.ops.shape;

import io.lcnnserve.core.ops.NodeSpec;
import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.ops.TensorInfo;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import java.util.List;

/**
 * The {@code axes} of Squeeze, Unsqueeze and the Reduce ops: an attribute before the opset that
 * turned it into input 1, that input from then on (which must be constant at plan time).
 *
 * @param attribute the attribute's value, or null when absent or taken from the input
 * @param fromInput whether the axes are input 1
 */
public record AxesArgument(long[] attribute, boolean fromInput) {

    /** Reads the attribute on nodes older than {@code inputSinceOpset}; marks it as read. */
    public static AxesArgument of(NodeSpec node, int inputSinceOpset) {
        if (node.opset() >= inputSinceOpset) {
            return new AxesArgument(null, true);
        }
        return new AxesArgument(node.attributes().getInts("axes", null), false);
    }

    /** The axes at plan time, or null when the node gives none. */
    public long[] planned(List<TensorInfo> inputs, String opType) {
        if (!fromInput) {
            return attribute;
        }
        TensorInfo axes = inputs.size() > 1 ? inputs.get(1) : null;
        if (axes == null) {
            return null;
        }
        if (axes.type() != DataType.INT64 || axes.rank() > 1) {
            throw new OpException(opType + "'s 'axes' input must be a scalar or 1-D INT64 tensor, got " + axes);
        }
        return axes.requireConstant(opType + "'s 'axes' input").toLongArray();
    }

    /** The axes at run time, or null when the node gives none. */
    public long[] atRun(Tensor[] inputs) {
        if (!fromInput) {
            return attribute;
        }
        return inputs.length > 1 && inputs[1] != null ? inputs[1].toLongArray() : null;
    }
}
