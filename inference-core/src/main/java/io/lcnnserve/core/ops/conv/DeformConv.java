package io.lcnnserve.core.ops.conv;

import io.lcnnserve.core.ops.NodeSpec;
import io.lcnnserve.core.ops.Op;
import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.ops.TensorInfo;
import io.lcnnserve.core.ops.spatial.SpatialShapes;
import io.lcnnserve.core.ops.spatial.WindowAttributes;
import io.lcnnserve.core.ops.spatial.WindowGeometry;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * ONNX DeformConv (opset 19): a convolution whose kernel taps are displaced by learned offsets
 * and optionally scaled by a mask (deformable convolution v1/v2, as
 * {@code torchvision.ops.deform_conv2d}).
 *
 * <p>Inputs: X (N, C, D1...), W (M, C/group, k1...), offset (N, offset_group * K * n, O1...)
 * where K = k1 * ... * kn taps and n spatial axes, optional B (M), optional mask
 * (N, offset_group * K, O1...). The input channels split into {@code offset_group} equal groups,
 * each with its own offsets and mask. For output cell o, tap k and channel c of offset group g,
 * the sample position along axis a is the regular tap coordinate
 * {@code o_a * stride_a - pad_a + k_a * dilation_a} plus {@code offset[n, (g * K + k) * n + a, o]}
 * (for 2-D: the y offset, then the x offset, per tap). X is read there by multilinear
 * (for 2-D bilinear) interpolation, with zero outside X, and multiplied by
 * {@code mask[n, g * K + k, o]} (1 without a mask):
 * {@code y[n, m, o] = B[m] + sum over c, k of W[m, c, k] * mask * X(position)}.
 *
 * <p>Reference implementation, summing in double precision; a fast kernel overrides {@link #eval}.
 */
public class DeformConv implements Op {
    private static final int INTRODUCED_IN_OPSET = 19;

    private final WindowAttributes window;
    private final int group;
    private final int offsetGroups;

    protected DeformConv(WindowAttributes window, int group, int offsetGroups) {
        this.window = window;
        this.group = group;
        this.offsetGroups = offsetGroups;
    }

    public static DeformConv create(NodeSpec node) {
        if (node.opset() < INTRODUCED_IN_OPSET) {
            throw new OpException("DeformConv exists since opset " + INTRODUCED_IN_OPSET + ", but the model imports opset "
                + node.opset());
        }
        node.requireInputs(3, 5);
        node.requireOutputs(1, 1);
        WindowAttributes window = WindowAttributes.reader(node).dilations(INTRODUCED_IN_OPSET).read();
        int group = ConvWeights.readGroup(node.attributes());
        long offsetGroups = node.attributes().getInt("offset_group", 1);
        if (offsetGroups < 1 || offsetGroups > Integer.MAX_VALUE) {
            throw new OpException("attribute 'offset_group' must be a positive int, got " + offsetGroups);
        }
        return new DeformConv(window, group, (int) offsetGroups);
    }

    @Override
    public String opType() {
        return "DeformConv";
    }

    public WindowAttributes window() {
        return window;
    }

    public int group() {
        return group;
    }

    public int offsetGroups() {
        return offsetGroups;
    }

    /** Validates X's and W's shapes against each other and the attributes; the regular (undeformed) window geometry. */
    public WindowGeometry geometry(int[] inputShape, int[] weightShape) {
        WindowGeometry geometry = ConvWeights.forwardGeometry(window, group, inputShape, weightShape);
        if (inputShape[1] % offsetGroups != 0) {
            throw new OpException("input X has " + inputShape[1] + " channels, not divisible by offset_group = "
                + offsetGroups);
        }
        return geometry;
    }

    @Override
    public List<TensorInfo> inferOutputs(List<TensorInfo> inputs) {
        TensorInfo x = inputs.get(0);
        TensorInfo w = inputs.get(1);
        TensorInfo offset = inputs.get(2);
        TensorInfo bias = inputs.size() > 3 ? inputs.get(3) : null;
        TensorInfo mask = inputs.size() > 4 ? inputs.get(4) : null;
        SpatialShapes.requireSpatialFloat(x, "X");
        SpatialShapes.requireFloat(w, "W");
        SpatialShapes.requireFloat(offset, "offset");
        WindowGeometry geometry = geometry(x.shape(), w.shape());
        int batch = x.dim(0);
        int taps = offsetGroups * geometry.kernelSize();
        requireShape(offset, "offset", SpatialShapes.batchChannelsSpatial(batch, taps * geometry.rank(),
            geometry.outputShape()));
        if (mask != null) {
            SpatialShapes.requireFloat(mask, "mask");
            requireShape(mask, "mask", SpatialShapes.batchChannelsSpatial(batch, taps, geometry.outputShape()));
        }
        SpatialShapes.requireBias(bias, w.dim(0));
        return List.of(TensorInfo.of(DataType.FLOAT,
            SpatialShapes.batchChannelsSpatial(batch, w.dim(0), geometry.outputShape())));
    }

    private static void requireShape(TensorInfo value, String name, int[] expected) {
        if (!Arrays.equals(value.shape(), expected)) {
            throw new OpException("input " + name + " must have shape " + Arrays.toString(expected) + " (from X, W and the"
                + " attributes), got " + Arrays.toString(value.shape()));
        }
    }

    @Override
    public void eval(Tensor[] inputs, Tensor[] outputs) {
        Tensor x = inputs[0];
        Tensor w = inputs[1];
        Tensor offset = inputs[2];
        Tensor b = inputs.length > 3 ? inputs[3] : null;
        Tensor mask = inputs.length > 4 ? inputs[4] : null;
        Tensor y = outputs[0];
        WindowGeometry geometry = geometry(x.shape(), w.shape());

        int rank = geometry.rank();
        int[] inputShape = geometry.inputShape();
        int batch = x.dim(0);
        int channels = x.dim(1);
        int outputChannels = w.dim(0);
        int channelsPerGroup = channels / group;
        int outputChannelsPerGroup = outputChannels / group;
        int channelsPerOffsetGroup = channels / offsetGroups;
        int inputSize = geometry.inputSize();
        int outputSize = geometry.outputSize();
        int kernelSize = geometry.kernelSize();
        int taps = offsetGroups * kernelSize;
        float[] xData = x.floats();
        float[] wData = w.floats();
        float[] yData = y.floats();

        // Per output cell: the sample position and mask of every (offset group, tap), then every
        // channel's sampled value (the deformable im2col column).
        double[] positions = new double[taps * rank];
        double[] modulation = new double[taps];
        double[] column = new double[channels * kernelSize];

        for (int n = 0; n < batch; n++) {
            for (int o = 0; o < outputSize; o++) {
                for (int t = 0; t < taps; t++) {
                    int k = t % kernelSize;
                    for (int a = 0; a < rank; a++) {
                        int offsetChannel = n * taps * rank + t * rank + a;
                        positions[t * rank + a] = geometry.tapCoordinate(o, k, a)
                            + (double) offset.floats()[offset.offset() + offsetChannel * outputSize + o];
                    }
                    modulation[t] = mask == null ? 1 : mask.floats()[mask.offset() + (n * taps + t) * outputSize + o];
                }
                for (int c = 0; c < channels; c++) {
                    int firstTap = c / channelsPerOffsetGroup * kernelSize;
                    int xBase = x.offset() + (n * channels + c) * inputSize;
                    for (int k = 0; k < kernelSize; k++) {
                        int t = firstTap + k;
                        column[c * kernelSize + k] = modulation[t]
                            * interpolate(xData, xBase, inputShape, positions, t * rank);
                    }
                }
                for (int m = 0; m < outputChannels; m++) {
                    int columnBase = m / outputChannelsPerGroup * channelsPerGroup * kernelSize;
                    int wBase = w.offset() + m * channelsPerGroup * kernelSize;
                    double sum = b == null ? 0 : b.floats()[b.offset() + m];
                    for (int i = 0; i < channelsPerGroup * kernelSize; i++) {
                        sum += wData[wBase + i] * column[columnBase + i];
                    }
                    yData[y.offset() + (n * outputChannels + m) * outputSize + o] = (float) sum;
                }
            }
        }
    }

    /**
     * Multilinear interpolation of one channel (spatial shape {@code shape}, starting at
     * {@code base}) at the fractional position {@code positions[at..at+rank)}; cells outside the
     * channel count as zero.
     */
    static double interpolate(float[] data, int base, int[] shape, double[] positions, int at) {
        int rank = shape.length;
        for (int a = 0; a < rank; a++) {
            double p = positions[at + a];
            if (!(p > -1 && p < shape[a])) {
                return 0;
            }
        }
        double value = 0;
        for (int corner = 0; corner < 1 << rank; corner++) {
            double weight = 1;
            int index = 0;
            boolean inside = true;
            for (int a = 0; a < rank; a++) {
                double p = positions[at + a];
                int low = (int) Math.floor(p);
                boolean upper = (corner >> (rank - 1 - a) & 1) == 1;
                int coordinate = upper ? low + 1 : low;
                weight *= upper ? p - low : 1 - (p - low);
                inside &= coordinate >= 0 && coordinate < shape[a];
                index = index * shape[a] + coordinate;
            }
            if (inside) {
                value += weight * data[base + index];
            }
        }
        return value;
    }
}
