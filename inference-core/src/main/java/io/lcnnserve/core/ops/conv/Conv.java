package io.lcnnserve.core.ops.conv;

import io.lcnnserve.core.ops.NodeSpec;
import io.lcnnserve.core.ops.Op;
import io.lcnnserve.core.ops.TensorInfo;
import io.lcnnserve.core.ops.spatial.SpatialShapes;
import io.lcnnserve.core.ops.spatial.WindowAttributes;
import io.lcnnserve.core.ops.spatial.WindowGeometry;
import io.lcnnserve.core.tensor.Tensor;
import java.util.List;

/**
 * ONNX Conv (opsets 1 and 11, which differ only in wording): N-D convolution of X (N, C, D1...)
 * with weights W (M, C/group, k1...) and optional bias B (M), giving Y (N, M, O1...). Covers
 * grouped and depthwise convolution ({@code group = C}, with a channel multiplier when
 * {@code M = k * C}), strides, dilations, explicit pads and auto_pad.
 *
 * <p>This is the reference implementation: a direct convolution that sums in double precision,
 * the value fast kernels are checked against. A fast kernel keeps {@link #inferOutputs} and
 * {@link #geometry} and overrides {@link #eval}.
 */
public class Conv implements Op {
    private final WindowAttributes window;
    private final int group;

    protected Conv(WindowAttributes window, int group) {
        this.window = window;
        this.group = group;
    }

    public static Conv create(NodeSpec node) {
        node.requireInputs(2, 3);
        node.requireOutputs(1, 1);
        WindowAttributes window = WindowAttributes.reader(node).autoPad().dilations(1).read();
        return new Conv(window, ConvWeights.readGroup(node.attributes()));
    }

    @Override
    public String opType() {
        return "Conv";
    }

    public WindowAttributes window() {
        return window;
    }

    public int group() {
        return group;
    }

    /** Validates X's and W's shapes against each other and the attributes; the window geometry. */
    public WindowGeometry geometry(int[] inputShape, int[] weightShape) {
        return ConvWeights.forwardGeometry(window, group, inputShape, weightShape);
    }

    @Override
    public List<TensorInfo> inferOutputs(List<TensorInfo> inputs) {
        TensorInfo x = inputs.get(0);
        TensorInfo w = inputs.get(1);
        SpatialShapes.requireSpatialFloat(x, "X");
        SpatialShapes.requireFloat(w, "W");
        WindowGeometry geometry = geometry(x.shape(), w.shape());
        return ConvWeights.outputInfo(inputs, w.dim(0), geometry.outputShape());
    }

    /** y[n, m, o] = B[m] + sum over the group's channels c and taps k of W[m, c, k] * x[n, c, tap(o, k)]. */
    @Override
    public void eval(Tensor[] inputs, Tensor[] outputs) {
        Tensor x = inputs[0];
        Tensor w = inputs[1];
        Tensor b = inputs.length > 2 ? inputs[2] : null;
        Tensor y = outputs[0];
        WindowGeometry geometry = geometry(x.shape(), w.shape());

        float[] xData = x.floats();
        float[] wData = w.floats();
        float[] yData = y.floats();
        int batch = x.dim(0);
        int channels = x.dim(1);
        int outputChannels = w.dim(0);
        int channelsPerGroup = channels / group;
        int outputChannelsPerGroup = outputChannels / group;
        int inputSize = geometry.inputSize();
        int outputSize = geometry.outputSize();
        int kernelSize = geometry.kernelSize();
        int[] taps = new int[kernelSize];

        for (int n = 0; n < batch; n++) {
            for (int o = 0; o < outputSize; o++) {
                geometry.windowTaps(o, taps);
                for (int m = 0; m < outputChannels; m++) {
                    int firstChannel = m / outputChannelsPerGroup * channelsPerGroup;
                    double sum = b == null ? 0 : b.floats()[b.offset() + m];
                    for (int c = 0; c < channelsPerGroup; c++) {
                        int xBase = x.offset() + (n * channels + firstChannel + c) * inputSize;
                        int wBase = w.offset() + (m * channelsPerGroup + c) * kernelSize;
                        for (int k = 0; k < kernelSize; k++) {
                            if (taps[k] != WindowGeometry.PADDING) {
                                sum += (double) xData[xBase + taps[k]] * wData[wBase + k];
                            }
                        }
                    }
                    yData[y.offset() + (n * outputChannels + m) * outputSize + o] = (float) sum;
                }
            }
        }
    }
}
