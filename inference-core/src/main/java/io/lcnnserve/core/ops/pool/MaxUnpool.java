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
 * ONNX MaxUnpool (opsets 9 and 11): the partial inverse of MaxPool. X[j] is written at flat index
 * I[j] (MaxPool's Indices: int64, counting batch and channel) of the unpooled shape
 * (N, C, U1...), {@code U = (input - 1) * stride + kernel - padBegin - padEnd} per spatial axis;
 * every other cell is zero.
 *
 * <p>The optional {@code output_shape} input (N, C, O1...; must be known when the plan is built,
 * each {@code O >= U}) enlarges the result with zeros at the end of each spatial axis; indices
 * still address the unpooled shape. That is what the ONNX reference implementation and
 * conformance case do; ONNX Runtime instead reads the indices as flat positions in
 * {@code output_shape}.
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

    /** (N, C, U1...): the shape the indices address, for X of shape {@code inputShape}. */
    public int[] unpooledShape(int[] inputShape) {
        int[] spatial = SpatialShapes.spatial(inputShape);
        int[] unpooled = window.transposed(spatial, window.kernelShape(), new int[spatial.length], null).inputShape();
        return SpatialShapes.batchChannelsSpatial(inputShape[0], inputShape[1], unpooled);
    }

    @Override
    public List<TensorInfo> inferOutputs(List<TensorInfo> inputs) {
        TensorInfo x = inputs.get(0);
        TensorInfo indices = inputs.get(1);
        TensorInfo outputShape = inputs.size() > 2 ? inputs.get(2) : null;
        SpatialShapes.requireSpatialFloat(x, "X");
        if (indices.type() != DataType.INT64 || !Arrays.equals(indices.shape(), x.shape())) {
            throw new OpException("input I must be int64 with the shape of X " + Arrays.toString(x.shape()) + ", got "
                + indices);
        }
        int[] unpooled = unpooledShape(x.shape());
        if (outputShape == null) {
            return List.of(TensorInfo.of(DataType.FLOAT, unpooled));
        }
        if (outputShape.type() != DataType.INT64 || outputShape.rank() != 1) {
            throw new OpException("input output_shape must be a 1-D int64 tensor, got " + outputShape);
        }
        long[] requested = outputShape.requireConstant("input output_shape").toLongArray();
        boolean fits = requested.length == unpooled.length;
        for (int a = 0; fits && a < requested.length; a++) {
            fits = a < 2 ? requested[a] == unpooled[a] : requested[a] >= unpooled[a] && requested[a] <= Integer.MAX_VALUE;
        }
        if (!fits) {
            throw new OpException("input output_shape = " + Arrays.toString(requested) + " must keep X's batch and"
                + " channels and be at least the unpooled shape " + Arrays.toString(unpooled) + " on every spatial axis");
        }
        return List.of(TensorInfo.of(DataType.FLOAT, Arrays.stream(requested).mapToInt(d -> (int) d).toArray()));
    }

    @Override
    public void eval(Tensor[] inputs, Tensor[] outputs) {
        Tensor x = inputs[0];
        Tensor indices = inputs[1];
        Tensor y = outputs[0];
        int[] unpooled = unpooledShape(x.shape());
        int unpooledSize = Shapes.elementCount(unpooled);
        int[] unpooledStrides = Shapes.strides(unpooled);
        int[] outputStrides = Shapes.strides(y.shape());
        float[] yData = y.floats();
        Arrays.fill(yData, y.offset(), y.offset() + y.size(), 0f);
        for (int j = 0; j < x.size(); j++) {
            long index = indices.longs()[indices.offset() + j];
            if (index < 0 || index >= unpooledSize) {
                throw new OpException("index I[" + j + "] = " + index + " is outside the unpooled shape "
                    + Arrays.toString(unpooled));
            }
            int outputIndex = 0;
            for (int a = 0; a < unpooled.length; a++) {
                outputIndex += (int) (index / unpooledStrides[a] % unpooled[a]) * outputStrides[a];
            }
            yData[y.offset() + outputIndex] = x.floats()[x.offset() + j];
        }
    }
}
