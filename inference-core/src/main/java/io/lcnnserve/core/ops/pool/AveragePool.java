package io.lcnnserve.core.ops.pool;

import io.lcnnserve.core.ops.NodeSpec;
import io.lcnnserve.core.ops.Op;
import io.lcnnserve.core.ops.TensorInfo;
import io.lcnnserve.core.ops.spatial.AttributeChecks;
import io.lcnnserve.core.ops.spatial.SpatialShapes;
import io.lcnnserve.core.ops.spatial.WindowAttributes;
import io.lcnnserve.core.ops.spatial.WindowGeometry;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import java.util.List;

/**
 * ONNX AveragePool: the mean of each window of X (N, C, D1...). Opset history: 1 (auto_pad,
 * kernel_shape, pads, strides), 7 (count_include_pad), 10 (ceil_mode), 11 (clarifications),
 * 19 (dilations).
 *
 * <p>The divisor is the number of taps inside X, or with {@code count_include_pad} the number of
 * taps inside X or its padding (explicit or auto_pad); taps a ceil_mode window puts beyond the end
 * padding never count, as in the ONNX reference implementation, ONNX Runtime and PyTorch.
 * Sums are kept in double precision.
 */
public class AveragePool implements Op {
    private final WindowAttributes window;
    private final boolean countIncludePad;

    protected AveragePool(WindowAttributes window, boolean countIncludePad) {
        this.window = window;
        this.countIncludePad = countIncludePad;
    }

    public static AveragePool create(NodeSpec node) {
        node.requireInputs(1, 1);
        node.requireOutputs(1, 1);
        WindowAttributes window = WindowAttributes.reader(node).requireKernelShape().autoPad().dilations(19)
            .ceilMode(10).padsSmallerThanKernel().read();
        AttributeChecks.requireOpset(node, "count_include_pad", 7);
        return new AveragePool(window, AttributeChecks.readFlag(node.attributes(), "count_include_pad"));
    }

    @Override
    public String opType() {
        return "AveragePool";
    }

    public WindowAttributes window() {
        return window;
    }

    public boolean countIncludePad() {
        return countIncludePad;
    }

    /** Validates X's shape; the window geometry. */
    public WindowGeometry geometry(TensorInfo input) {
        WindowGeometry geometry = window.forward(SpatialShapes.requireSpatialFloat(input, "X"), window.kernelShape());
        if (!countIncludePad) {
            geometry.requireInputInEveryWindow();
        }
        return geometry;
    }

    @Override
    public List<TensorInfo> inferOutputs(List<TensorInfo> inputs) {
        TensorInfo x = inputs.get(0);
        return List.of(TensorInfo.of(DataType.FLOAT,
            SpatialShapes.batchChannelsSpatial(x.dim(0), x.dim(1), geometry(x).outputShape())));
    }

    @Override
    public void eval(Tensor[] inputs, Tensor[] outputs) {
        Tensor x = inputs[0];
        Tensor y = outputs[0];
        WindowGeometry geometry = geometry(TensorInfo.of(x.type(), x.shape()));
        float[] xData = x.floats();
        float[] yData = y.floats();
        int planes = x.dim(0) * x.dim(1);
        int inputSize = geometry.inputSize();
        int outputSize = geometry.outputSize();
        int[] taps = new int[geometry.kernelSize()];

        for (int o = 0; o < outputSize; o++) {
            geometry.windowTaps(o, taps);
            int divisor = countIncludePad ? geometry.tapsWithinPadding(o) : tapsInInput(taps);
            for (int plane = 0; plane < planes; plane++) {
                int xBase = x.offset() + plane * inputSize;
                double sum = 0;
                for (int tap : taps) {
                    if (tap != WindowGeometry.PADDING) {
                        sum += xData[xBase + tap];
                    }
                }
                yData[y.offset() + plane * outputSize + o] = (float) (sum / divisor);
            }
        }
    }

    private static int tapsInInput(int[] taps) {
        int count = 0;
        for (int tap : taps) {
            if (tap != WindowGeometry.PADDING) {
                count++;
            }
        }
        return count;
    }
}
