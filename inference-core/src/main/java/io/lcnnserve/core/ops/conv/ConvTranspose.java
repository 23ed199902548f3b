package io.lcnnserve.core.ops.conv;

import io.lcnnserve.core.ops.Attributes;
import io.lcnnserve.core.ops.NodeSpec;
import io.lcnnserve.core.ops.Op;
import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.ops.TensorInfo;
import io.lcnnserve.core.ops.spatial.AttributeChecks;
import io.lcnnserve.core.ops.spatial.SpatialShapes;
import io.lcnnserve.core.ops.spatial.WindowAttributes;
import io.lcnnserve.core.ops.spatial.WindowGeometry;
import io.lcnnserve.core.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * ONNX ConvTranspose (opsets 1 and 11): the transposed (fractionally strided) convolution of X
 * (N, C, D1...) with weights W (C, M/group, k1...) and optional bias B (M), giving Y (N, M, O1...).
 * Output size comes from {@code pads}, {@code auto_pad} or an explicit {@code output_shape}, plus
 * {@code output_padding}; see {@link WindowAttributes#transposed}.
 *
 * <p>Reference implementation: every input cell is scattered through its kernel window and the
 * sums are kept in double precision. A fast kernel keeps {@link #inferOutputs} and
 * {@link #geometry} and overrides {@link #eval}.
 */
public class ConvTranspose implements Op {
    private final WindowAttributes window;
    private final int group;
    /** Null when absent (zeros). */
    private final int[] outputPadding;
    /** The {@code output_shape} attribute (spatial, or with N and M in front); null when absent. */
    private final int[] outputShape;

    protected ConvTranspose(WindowAttributes window, int group, int[] outputPadding, int[] outputShape) {
        this.window = window;
        this.group = group;
        this.outputPadding = outputPadding;
        this.outputShape = outputShape;
    }

    public static ConvTranspose create(NodeSpec node) {
        node.requireInputs(2, 3);
        node.requireOutputs(1, 1);
        Attributes attributes = node.attributes();
        WindowAttributes window = WindowAttributes.reader(node).autoPad().dilations(1).read();
        int group = ConvWeights.readGroup(attributes);
        int[] outputPadding = AttributeChecks.readInts(attributes, "output_padding", 0);
        int[] outputShape = AttributeChecks.readInts(attributes, "output_shape", 1);
        int rank = window.spatialRank();
        if (outputPadding != null) {
            if (rank >= 0 && outputPadding.length != rank) {
                throw new OpException("attribute 'output_padding' = " + Arrays.toString(outputPadding) + " needs "
                    + rank + " values, one per spatial axis");
            }
            for (int a = 0; a < outputPadding.length; a++) {
                int limit = Math.max(window.stride(a), window.dilation(a));
                if (outputPadding[a] >= limit) {
                    throw new OpException("attribute 'output_padding' = " + Arrays.toString(outputPadding)
                        + ": each value must be less than its axis's stride or dilation (" + limit + " on axis " + a + ")");
                }
            }
        }
        if (outputShape != null && rank >= 0 && outputShape.length != rank && outputShape.length != rank + 2) {
            throw new OpException("attribute 'output_shape' = " + Arrays.toString(outputShape) + " needs " + rank
                + " spatial sizes (or " + (rank + 2) + " with N and M)");
        }
        if (outputShape != null && window.hasExplicitPads()) {
            throw new OpException("attributes 'output_shape' and 'pads' cannot be combined: with output_shape the pads"
                + " are derived from it");
        }
        return new ConvTranspose(window, group, outputPadding, outputShape);
    }

    @Override
    public String opType() {
        return "ConvTranspose";
    }

    public WindowAttributes window() {
        return window;
    }

    public int group() {
        return group;
    }

    /**
     * Validates X's and W's shapes; the geometry of the forward convolution this op transposes
     * (its input shape is this op's output shape, see {@link WindowAttributes#transposed}).
     */
    public WindowGeometry geometry(int[] inputShape, int[] weightShape) {
        int[] kernel = ConvWeights.kernelShape(inputShape, weightShape, window);
        int channels = inputShape[1];
        if (weightShape[0] != channels || channels % group != 0) {
            throw new OpException("input X has " + channels + " channels; weights W " + Arrays.toString(weightShape)
                + " must have as many in their first axis, and group = " + group + " must divide them");
        }
        int rank = kernel.length;
        int[] padding = outputPadding == null ? new int[rank] : outputPadding;
        if (padding.length != rank) {
            throw new OpException("attribute 'output_padding' = " + Arrays.toString(padding) + " needs " + rank
                + " values for input X " + Arrays.toString(inputShape));
        }
        return window.transposed(SpatialShapes.spatial(inputShape), kernel, padding,
            requestedSpatialOutput(inputShape[0], weightShape[1] * group, rank));
    }

    /** The spatial part of {@code output_shape}, checking N and M when it includes them; null when absent. */
    private int[] requestedSpatialOutput(int batch, int outputChannels, int rank) {
        if (outputShape == null) {
            return null;
        }
        if (outputShape.length == rank) {
            return outputShape;
        }
        if (outputShape.length != rank + 2 || outputShape[0] != batch || outputShape[1] != outputChannels) {
            throw new OpException("attribute 'output_shape' = " + Arrays.toString(outputShape) + " does not fit an output"
                + " with " + rank + " spatial axes, batch " + batch + " and " + outputChannels + " channels");
        }
        return SpatialShapes.spatial(outputShape);
    }

    @Override
    public List<TensorInfo> inferOutputs(List<TensorInfo> inputs) {
        TensorInfo x = inputs.get(0);
        TensorInfo w = inputs.get(1);
        SpatialShapes.requireSpatialFloat(x, "X");
        SpatialShapes.requireFloat(w, "W");
        WindowGeometry geometry = geometry(x.shape(), w.shape());
        return ConvWeights.outputInfo(inputs, w.dim(1) * group, geometry.inputShape());
    }

    /** y[n, m, tap(i, k)] += W[c, m, k] * x[n, c, i] for every input cell i, tap k and channel c of m's group. */
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
        int channelsPerGroup = channels / group;
        int outputChannelsPerGroup = w.dim(1);
        int outputChannels = outputChannelsPerGroup * group;
        // The transposed geometry's input is this op's output and its window positions are this op's input cells.
        int inputSize = geometry.outputSize();
        int outputSize = geometry.inputSize();
        int kernelSize = geometry.kernelSize();
        int[] taps = new int[kernelSize];
        double[] sums = new double[outputChannels * outputSize];

        for (int n = 0; n < batch; n++) {
            for (int m = 0; m < outputChannels; m++) {
                Arrays.fill(sums, m * outputSize, (m + 1) * outputSize, b == null ? 0 : b.floats()[b.offset() + m]);
            }
            for (int i = 0; i < inputSize; i++) {
                geometry.windowTaps(i, taps);
                for (int c = 0; c < channels; c++) {
                    double xValue = xData[x.offset() + (n * channels + c) * inputSize + i];
                    int firstOutputChannel = c / channelsPerGroup * outputChannelsPerGroup;
                    for (int j = 0; j < outputChannelsPerGroup; j++) {
                        int sumBase = (firstOutputChannel + j) * outputSize;
                        int wBase = w.offset() + (c * outputChannelsPerGroup + j) * kernelSize;
                        for (int k = 0; k < kernelSize; k++) {
                            if (taps[k] != WindowGeometry.PADDING) {
                                sums[sumBase + taps[k]] += xValue * wData[wBase + k];
                            }
                        }
                    }
                }
            }
            int yBase = y.offset() + n * outputChannels * outputSize;
            for (int i = 0; i < sums.length; i++) {
                yData[yBase + i] = (float) sums[i];
            }
        }
    }
}
