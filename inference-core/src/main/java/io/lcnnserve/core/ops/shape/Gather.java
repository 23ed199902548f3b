package io.lcnnserve.core.ops.shape;

import io.lcnnserve.core.ops.NodeSpec;
import io.lcnnserve.core.ops.Op;
import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.ops.TensorInfo;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import java.util.List;

/**
 * Gather: picks entries of {@code data} along {@code axis} at {@code indices} (INT32 or INT64,
 * negative counting from the end). Output shape: {@code data[:axis] + indices.shape + data[axis+1:]}.
 */
public final class Gather implements Op {
    private final long axis;

    private Gather(long axis) {
        this.axis = axis;
    }

    public static Gather create(NodeSpec node) {
        node.requireInputs(2, 2);
        node.requireOutputs(1, 1);
        return new Gather(node.attributes().getInt("axis", 0));
    }

    @Override
    public String opType() {
        return "Gather";
    }

    @Override
    public List<TensorInfo> inferOutputs(List<TensorInfo> inputs) {
        TensorInfo data = inputs.get(0);
        TensorInfo indices = inputs.get(1);
        if (indices.type() != DataType.INT64 && indices.type() != DataType.INT32) {
            throw new OpException("Gather's indices must be INT32 or INT64, got " + indices.type());
        }
        int ax = Axes.normalize(axis, data.rank(), "axis");
        if (indices.isConstant()) {
            sourceOffsets(indices.constant(), data.dim(ax), 1);
        }
        int[] out = new int[data.rank() - 1 + indices.rank()];
        int k = 0;
        for (int d = 0; d < ax; d++) {
            out[k++] = data.dim(d);
        }
        for (int d = 0; d < indices.rank(); d++) {
            out[k++] = indices.dim(d);
        }
        for (int d = ax + 1; d < data.rank(); d++) {
            out[k++] = data.dim(d);
        }
        return List.of(TensorInfo.of(data.type(), out));
    }

    @Override
    public void eval(Tensor[] inputs, Tensor[] outputs) {
        Tensor data = inputs[0];
        int[] shape = data.shape();
        int ax = Axes.normalize(axis, shape.length, "axis");
        int inner = Axes.span(shape, ax + 1, shape.length);
        // View the output as [outer, indices, inner]; only the middle axis is gathered.
        int[][] offsets = {
            AxisMappedCopy.strided(0, shape[ax] * inner, Axes.span(shape, 0, ax)),
            sourceOffsets(inputs[1], shape[ax], inner),
            AxisMappedCopy.strided(0, 1, inner),
        };
        AxisMappedCopy.copy(data, outputs[0], offsets, null);
    }

    /** Each index, checked against {@code dim} and made non-negative, times {@code stride}. */
    private static int[] sourceOffsets(Tensor indices, int dim, int stride) {
        int[] offsets = new int[indices.size()];
        for (int i = 0; i < offsets.length; i++) {
            long index = indices.getLong(i);
            long normalized = index < 0 ? index + dim : index;
            if (normalized < 0 || normalized >= dim) {
                throw new OpException("Gather index " + index + " is out of range for an axis of size " + dim);
            }
            offsets[i] = (int) normalized * stride;
        }
        return offsets;
    }
}
