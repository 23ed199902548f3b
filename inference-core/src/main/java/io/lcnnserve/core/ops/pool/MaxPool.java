package io.lcnnserve.core.ops.pool;

import io.lcnnserve.core.ops.NodeSpec;
import io.lcnnserve.core.ops.Op;
import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.ops.TensorInfo;
import io.lcnnserve.core.ops.spatial.AttributeChecks;
import io.lcnnserve.core.ops.spatial.SpatialShapes;
import io.lcnnserve.core.ops.spatial.WindowAttributes;
import io.lcnnserve.core.ops.spatial.WindowGeometry;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * ONNX MaxPool: the maximum of each window of X (N, C, D1...); padding never wins. Opset history:
 * 1 (auto_pad, kernel_shape, pads, strides), 8 (optional Indices output, storage_order),
 * 10 (ceil_mode, dilations), 11 and 12 (clarifications, integer types).
 *
 * <p>Indices (int64, same shape as Y) hold the flat index of each maximum in X, counting batch and
 * channel: {@code (n * C + c) * D1 * ... * Dn + spatial}, where the spatial part is row-major
 * ({@code storage_order = 0}) or column-major over the spatial axes ({@code storage_order = 1}), as
 * ONNX Runtime computes it. Ties go to the first tap in row-major window order; NaN propagates
 * (see {@link Maxima}).
 */
public class MaxPool implements Op {
    private static final int INDICES_SINCE_OPSET = 8;

    private final WindowAttributes window;
    private final boolean columnMajorIndices;
    private final boolean hasIndicesOutput;

    protected MaxPool(WindowAttributes window, boolean columnMajorIndices, boolean hasIndicesOutput) {
        this.window = window;
        this.columnMajorIndices = columnMajorIndices;
        this.hasIndicesOutput = hasIndicesOutput;
    }

    public static MaxPool create(NodeSpec node) {
        node.requireInputs(1, 1);
        if (node.opset() < INDICES_SINCE_OPSET && node.outputCount() > 1) {
            throw new OpException("the Indices output exists since opset " + INDICES_SINCE_OPSET
                + ", but the model imports opset " + node.opset());
        }
        node.requireOutputs(1, 2);
        WindowAttributes window = WindowAttributes.reader(node).requireKernelShape().autoPad().dilations(10)
            .ceilMode(10).padsSmallerThanKernel().read();
        AttributeChecks.requireOpset(node, "storage_order", INDICES_SINCE_OPSET);
        boolean columnMajor = AttributeChecks.readFlag(node.attributes(), "storage_order");
        return new MaxPool(window, columnMajor, node.outputCount() == 2);
    }

    @Override
    public String opType() {
        return "MaxPool";
    }

    public WindowAttributes window() {
        return window;
    }

    /** Validates X's shape; the window geometry. */
    public WindowGeometry geometry(TensorInfo input) {
        WindowGeometry geometry = window.forward(SpatialShapes.requireSpatialFloat(input, "X"), window.kernelShape());
        geometry.requireInputInEveryWindow();
        return geometry;
    }

    @Override
    public List<TensorInfo> inferOutputs(List<TensorInfo> inputs) {
        TensorInfo x = inputs.get(0);
        int[] shape = SpatialShapes.batchChannelsSpatial(x.dim(0), x.dim(1), geometry(x).outputShape());
        List<TensorInfo> outputs = new ArrayList<>();
        outputs.add(TensorInfo.of(DataType.FLOAT, shape));
        if (hasIndicesOutput) {
            outputs.add(TensorInfo.of(DataType.INT64, shape));
        }
        return outputs;
    }

    @Override
    public void eval(Tensor[] inputs, Tensor[] outputs) {
        Tensor x = inputs[0];
        Tensor y = outputs[0];
        Tensor indices = outputs.length > 1 ? outputs[1] : null;
        WindowGeometry geometry = geometry(TensorInfo.of(x.type(), x.shape()));
        float[] xData = x.floats();
        float[] yData = y.floats();
        int planes = x.dim(0) * x.dim(1);
        int inputSize = geometry.inputSize();
        int outputSize = geometry.outputSize();
        int[] taps = new int[geometry.kernelSize()];

        for (int o = 0; o < outputSize; o++) {
            geometry.windowTaps(o, taps);
            for (int plane = 0; plane < planes; plane++) {
                int xBase = x.offset() + plane * inputSize;
                float max = Float.NEGATIVE_INFINITY;
                int argmax = WindowGeometry.PADDING;
                for (int tap : taps) {
                    if (tap != WindowGeometry.PADDING && (argmax == WindowGeometry.PADDING
                        || Maxima.replaces(xData[xBase + tap], max))) {
                        max = xData[xBase + tap];
                        argmax = tap;
                    }
                }
                yData[y.offset() + plane * outputSize + o] = max;
                if (indices != null) {
                    int spatialIndex = columnMajorIndices ? columnMajor(argmax, geometry.inputShape()) : argmax;
                    indices.longs()[indices.offset() + plane * outputSize + o] = (long) plane * inputSize + spatialIndex;
                }
            }
        }
    }

    /** Re-indexes a row-major flat spatial index column-major (first axis varying fastest). */
    static int columnMajor(int rowMajorIndex, int[] shape) {
        int remaining = rowMajorIndex;
        int columnMajorIndex = 0;
        int[] columnMajorStrides = new int[shape.length];
        int stride = 1;
        for (int a = 0; a < shape.length; a++) {
            columnMajorStrides[a] = stride;
            stride *= shape[a];
        }
        for (int a = shape.length - 1; a >= 0; a--) {
            columnMajorIndex += remaining % shape[a] * columnMajorStrides[a];
            remaining /= shape[a];
        }
        return columnMajorIndex;
    }
}
