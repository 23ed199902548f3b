package io.lcnnserve.core.ops.pool;

import io.lcnnserve.core.ops.NodeSpec;
import io.lcnnserve.core.ops.Op;
import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.ops.TensorInfo;
import io.lcnnserve.core.ops.spatial.SpatialShapes;
import io.lcnnserve.core.ops.spatial.WindowAttributes;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Shapes;
import io.lcnnserve.core.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * ONNX MaxUnpool (opsets 9 and 11): the partial inverse of MaxPool. Y starts as zeros and each
 * X[j] is written to Y at flat index I[j] (I is MaxPool's Indices output: int64, counting batch and
 * channel). Y's shape is the optional {@code output_shape} input (N, C, O1...), which must be known
 * when the plan is built, or else per spatial axis
 * {@code (input - 1) * stride + kernel - padBegin - padEnd}.
 */
public class MaxUnpool implements Op {
    private static final int INTRODUCED_IN_OPSET = 9;

    private final WindowAttributes window;

    protected MaxUnpool(WindowAttributes window) {
        this.window = window;
    }

    public static MaxUnpool create(NodeSpec node) {
        if (node.opset() < INTRODUCED_IN_OPSET) {
            throw new OpException("MaxUnpool exists since opset " + INTRODUCED_IN_OPSET + ", but the model imports opset "
                + node.opset());
        }
        node.requireInputs(2, 3);
        node.requireOutputs(1, 1);
        return new MaxUnpool(WindowAttributes.reader(node).requireKernelShape().read());
    }

    @Override
    public String opType() {
        return "MaxUnpool";
    }

    @Override
    public List<TensorInfo> inferOutputs(List<TensorInfo> inputs) {
        TensorInfo x = inputs.get(0);
        TensorInfo indices = inputs.get(1);
        TensorInfo outputShape = inputs.size() > 2 ? inputs.get(2) : null;
        int[] spatial = SpatialShapes.requireSpatialFloat(x, "X");
        if (indices.type() != DataType.INT64 || !Arrays.equals(indices.shape(), x.shape())) {
            throw new OpException("input I must be int64 with the shape of X " + Arrays.toString(x.shape()) + ", got "
                + indices);
        }
        if (outputShape == null) {
            int[] unpooled = window.transposed(spatial, window.kernelShape(), new int[spatial.length], null).inputShape();
            return List.of(TensorInfo.of(DataType.FLOAT, SpatialShapes.batchChannelsSpatial(x.dim(0), x.dim(1), unpooled)));
        }
        if (outputShape.type() != DataType.INT64) {
            throw new OpException("input output_shape must be int64, got " + outputShape.type());
        }
        long[] requested = outputShape.requireConstant("input output_shape").toLongArray();
        if (outputShape.rank() != 1 || requested.length != x.rank() || requested[0] != x.dim(0)
            || requested[1] != x.dim(1) || Arrays.stream(requested).anyMatch(d -> d < 1 || d > Integer.MAX_VALUE)) {
            throw new OpException("input output_shape = " + Arrays.toString(requested) + " must list " + x.rank()
                + " positive dims starting with X's batch and channels " + Arrays.toString(x.shape()));
        }
        return List.of(TensorInfo.of(DataType.FLOAT, Arrays.stream(requested).mapToInt(d -> (int) d).toArray()));
    }

    @Override
    public void eval(Tensor[] inputs, Tensor[] outputs) {
        Tensor x = inputs[0];
        Tensor indices = inputs[1];
        Tensor y = outputs[0];
        float[] yData = y.floats();
        Arrays.fill(yData, y.offset(), y.offset() + y.size(), 0f);
        for (int j = 0; j < x.size(); j++) {
            long index = indices.longs()[indices.offset() + j];
            if (index < 0 || index >= y.size()) {
                throw new OpException("index I[" + j + "] = " + index + " is outside the output of shape "
                    + Shapes.toString(y.shape()));
            }
            yData[y.offset() + (int) index] = x.floats()[x.offset() + j];
        }
    }
}
