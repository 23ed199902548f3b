package io.lcnnserve.core.ops.pool;

import io.lcnnserve.core.ops.ExecutionContext;
import io.lcnnserve.core.ops.ItemRanges;
import io.lcnnserve.core.ops.Op;
import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.ops.TensorInfo;
import io.lcnnserve.core.ops.spatial.SpatialShapes;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * What GlobalAveragePool and GlobalMaxPool share (both opset 1, no attributes): X (N, C, D1...)
 * becomes Y (N, C, 1...), each channel plane reduced to one value by {@link #reduce}.
 */
abstract class GlobalPooling implements Op {

    /** Reduces {@code size > 0} consecutive values of {@code data} starting at {@code start}. */
    abstract float reduce(float[] data, int start, int size);

    @Override
    public List<TensorInfo> inferOutputs(List<TensorInfo> inputs) {
        TensorInfo x = inputs.get(0);
        int[] spatial = SpatialShapes.requireSpatialFloat(x, "X");
        if (Arrays.stream(spatial).anyMatch(d -> d == 0)) {
            throw new OpException("input X " + Arrays.toString(x.shape()) + " has an empty spatial axis to pool over");
        }
        int[] shape = x.shape();
        Arrays.fill(shape, 2, shape.length, 1);
        return List.of(TensorInfo.of(DataType.FLOAT, shape));
    }

    @Override
    public void eval(Tensor[] inputs, Tensor[] outputs) {
        eval(inputs, outputs, ExecutionContext.sequential());
    }

    /** Planes are reduced independently, each the same way whatever the split, so they spread across threads. */
    @Override
    public void eval(Tensor[] inputs, Tensor[] outputs, ExecutionContext context) {
        Tensor x = inputs[0];
        int planes = x.dim(0) * x.dim(1);
        if (planes == 0) {
            return;
        }
        ItemRanges.run(context, planes, x.size(), this, GlobalPooling::reducePlanes, inputs, outputs);
    }

    private void reducePlanes(Tensor[] inputs, Tensor[] outputs, int first, int end) {
        Tensor x = inputs[0];
        Tensor y = outputs[0];
        int planeSize = x.size() / (x.dim(0) * x.dim(1));
        for (int plane = first; plane < end; plane++) {
            y.floats()[y.offset() + plane] = reduce(x.floats(), x.offset() + plane * planeSize, planeSize);
        }
    }
}
