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
    /** The windows of the most recent input shape (ops are shared by sessions; replaced, never mutated). */
    private volatile Windows windows;

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
        Windows windows = windows(x);
        float[] xData = x.floats();
        float[] yData = y.floats();
        int planes = x.dim(0) * x.dim(1);
        int inputSize = windows.geometry.inputSize();
        int outputSize = windows.geometry.outputSize();
        int kernelSize = windows.geometry.kernelSize();
        int[] taps = windows.taps;

        for (int o = 0; o < outputSize; o++) {
            int divisor = windows.divisors[o];
            int firstTap = o * kernelSize;
            for (int plane = 0; plane < planes; plane++) {
                int xBase = x.offset() + plane * inputSize;
                double sum = 0;
                for (int t = firstTap; t < firstTap + kernelSize; t++) {
                    if (taps[t] != WindowGeometry.PADDING) {
                        sum += xData[xBase + taps[t]];
                    }
                }
                yData[y.offset() + plane * outputSize + o] = (float) (sum / divisor);
            }
        }
    }

    /**
     * Every output cell's window taps ({@code kernelSize} per cell, in cell order) and divisor,
     * for one spatial input shape: computed once per shape, so a steady-state run allocates nothing.
     */
    private record Windows(int[] spatialShape, WindowGeometry geometry, int[] taps, int[] divisors) {
        boolean matches(Tensor x) {
            if (x.rank() != spatialShape.length + 2) {
                return false;
            }
            for (int a = 0; a < spatialShape.length; a++) {
                if (x.dim(a + 2) != spatialShape[a]) {
                    return false;
                }
            }
            return true;
        }
    }

    private Windows windows(Tensor x) {
        Windows cached = windows;
        if (cached != null && cached.matches(x)) {
            return cached;
        }
        WindowGeometry geometry = geometry(TensorInfo.of(x.type(), x.shape()));
        int kernelSize = geometry.kernelSize();
        int[] taps = new int[geometry.outputSize() * kernelSize];
        int[] divisors = new int[geometry.outputSize()];
        int[] window = new int[kernelSize];
        for (int o = 0; o < divisors.length; o++) {
            geometry.windowTaps(o, window);
            System.arraycopy(window, 0, taps, o * kernelSize, kernelSize);
            divisors[o] = countIncludePad ? geometry.tapsWithinPadding(o) : tapsInInput(window);
        }
        cached = new Windows(geometry.inputShape(), geometry, taps, divisors);
        windows = cached;
        return cached;
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
