package io.lcnnserve.core.ops.conv;

import static io.lcnnserve.core.ops.spatial.SpatialTesting.assertClose;
import static io.lcnnserve.core.ops.spatial.SpatialTesting.assertValues;
import static io.lcnnserve.core.ops.spatial.SpatialTesting.attributes;
import static io.lcnnserve.core.ops.spatial.SpatialTesting.ints;
import static io.lcnnserve.core.ops.spatial.SpatialTesting.op;
import static io.lcnnserve.core.ops.spatial.SpatialTesting.random;
import static io.lcnnserve.core.ops.spatial.SpatialTesting.runSingle;
import static io.lcnnserve.core.ops.spatial.SpatialTesting.shape;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lcnnserve.core.ops.Op;
import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.ops.TensorInfo;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * ONNX has no conformance case for DeformConv and ONNX Runtime no CPU kernel, so these tests
 * check identities against Conv plus hand-computed bilinear samples.
 */
class DeformConvTest {
    private static final double TOLERANCE = 1e-5;

    private static Op deformConv(Map<String, Object> attributes, int inputCount) {
        return op("DeformConv", 19, attributes, inputCount, 1);
    }

    private static Tensor conv(Map<String, Object> attributes, Tensor x, Tensor w, Tensor b) {
        return runSingle(op("Conv", 11, attributes, 3, 1), x, w, b);
    }

    /** An offset tensor (N, groups * K * 2, outH, outW) displacing every tap of group g by (dy[g], dx[g]). */
    private static Tensor uniformOffsets(int batch, int kernelSize, int[] outputSpatial, float[] dy, float[] dx) {
        int groups = dy.length;
        int outputSize = outputSpatial[0] * outputSpatial[1];
        float[] data = new float[batch * groups * kernelSize * 2 * outputSize];
        for (int n = 0; n < batch; n++) {
            for (int g = 0; g < groups; g++) {
                for (int k = 0; k < kernelSize; k++) {
                    int channel = (n * groups + g) * kernelSize * 2 + k * 2;
                    Arrays.fill(data, channel * outputSize, (channel + 1) * outputSize, dy[g]);
                    Arrays.fill(data, (channel + 1) * outputSize, (channel + 2) * outputSize, dx[g]);
                }
            }
        }
        return Tensor.of(data, batch, groups * kernelSize * 2, outputSpatial[0], outputSpatial[1]);
    }

    /** X shifted so that result[h][w] = x[h + dy][w + dx], zero where that falls outside. */
    private static Tensor shifted(Tensor x, int dy, int dx) {
        int planes = x.dim(0) * x.dim(1);
        int height = x.dim(2);
        int width = x.dim(3);
        float[] data = new float[x.size()];
        for (int p = 0; p < planes; p++) {
            for (int h = 0; h < height; h++) {
                for (int w = 0; w < width; w++) {
                    int sh = h + dy;
                    int sw = w + dx;
                    if (sh >= 0 && sh < height && sw >= 0 && sw < width) {
                        data[(p * height + h) * width + w] = (float) x.getDouble((p * height + sh) * width + sw);
                    }
                }
            }
        }
        return Tensor.of(data, x.shape());
    }

    @Test
    void zeroOffsetsEqualConv() {
        Random random = new Random(1);
        Map<String, Object> window = attributes("strides", ints(2, 1), "pads", ints(1, 0, 2, 1), "dilations", ints(1, 2),
            "group", 2);
        Tensor x = random(random, 2, 4, 7, 6);
        Tensor w = random(random, 6, 2, 3, 2);
        Tensor b = random(random, 6);
        Tensor expected = conv(window, x, w, b);
        Tensor offsets = Tensor.zeros(DataType.FLOAT, 2, 3 * 2 * 2, expected.dim(2), expected.dim(3));
        assertClose(expected, runSingle(deformConv(window, 4), x, w, offsets, b), TOLERANCE, TOLERANCE, "no mask");

        Tensor ones = Tensor.of(filled(2 * 6 * expected.dim(2) * expected.dim(3), 1), 2, 6, expected.dim(2), expected.dim(3));
        assertClose(expected, runSingle(deformConv(window, 5), x, w, offsets, b, ones), TOLERANCE, TOLERANCE,
            "mask of ones");
    }

    // The shift identities use no padding: there a regular tap always lies inside X, so it reads
    // x[p + offset] exactly where Conv on the shifted input reads shifted[p].
    @Test
    void integerOffsetsEqualConvOnTheShiftedInput() {
        Random random = new Random(2);
        Map<String, Object> window = attributes("strides", ints(1, 2));
        Tensor x = random(random, 1, 3, 5, 7);
        Tensor w = random(random, 2, 3, 3, 3);
        Tensor b = random(random, 2);
        Tensor expected = conv(window, shifted(x, 1, -2), w, b);
        Tensor offsets = uniformOffsets(1, 9, shape(3, 3), new float[] {1}, new float[] {-2});
        assertClose(expected, runSingle(deformConv(window, 4), x, w, offsets, b), TOLERANCE, TOLERANCE, "shifted");
    }

    @Test
    void fractionalOffsetsSampleBilinearlyWithZerosOutside() {
        // 1x1 kernel, every output cell samples its own position + (0.5, 0.25) in [[1, 2], [3, 4]]:
        // (0.5, 0.25): .5*.75*1 + .5*.25*2 + .5*.75*3 + .5*.25*4 = 2.25
        // (0.5, 1.25): .5*.75*2 + .5*.75*4 (the x = 2 corners are outside) = 2.25
        // (1.5, 0.25): .5*.75*3 + .5*.25*4 = 1.625
        // (1.5, 1.25): .5*.75*4 = 1.5
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 1, 1, 2, 2);
        Tensor w = Tensor.of(new float[] {1}, 1, 1, 1, 1);
        Tensor offsets = uniformOffsets(1, 1, shape(2, 2), new float[] {0.5f}, new float[] {0.25f});
        assertValues(runSingle(deformConv(attributes(), 3), x, w, offsets), shape(1, 1, 2, 2), 2.25f, 2.25f, 1.625f, 1.5f);
    }

    @Test
    void samplesFarOutsideTheInputAreZero() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 1, 1, 2, 2);
        Tensor w = Tensor.of(new float[] {1}, 1, 1, 1, 1);
        Tensor offsets = uniformOffsets(1, 1, shape(2, 2), new float[] {-7.5f}, new float[] {0});
        assertValues(runSingle(deformConv(attributes(), 3), x, w, offsets), shape(1, 1, 2, 2), 0, 0, 0, 0);
    }

    @Test
    void oneDimensionalOffsetsInterpolateLinearly() {
        Tensor x = Tensor.of(new float[] {1, 2, 3}, 1, 1, 3);
        Tensor w = Tensor.of(new float[] {2}, 1, 1, 1);
        Tensor offsets = Tensor.of(new float[] {0.5f, 0.5f, 0.5f}, 1, 1, 3);
        assertValues(runSingle(deformConv(attributes(), 3), x, w, offsets), shape(1, 1, 3), 3, 5, 3);
    }

    @Test
    void maskScalesEachTapAndZeroRemovesIt() {
        // 1x2 kernel [10, 100] over [[1, 2, 3]]: mask 0 on the first tap, 0.5 on the second.
        Tensor x = Tensor.of(new float[] {1, 2, 3}, 1, 1, 1, 3);
        Tensor w = Tensor.of(new float[] {10, 100}, 1, 1, 1, 2);
        Tensor offsets = Tensor.zeros(DataType.FLOAT, 1, 4, 1, 2);
        Tensor mask = Tensor.of(new float[] {0, 0, 0.5f, 0.5f}, 1, 2, 1, 2);
        Tensor b = Tensor.of(new float[] {7}, 1);
        assertValues(runSingle(deformConv(attributes(), 5), x, w, offsets, b, mask), shape(1, 1, 1, 2), 107, 157);
    }

    @Test
    void allZeroMaskLeavesOnlyTheBias() {
        Random random = new Random(3);
        Tensor x = random(random, 1, 2, 4, 4);
        Tensor w = random(random, 3, 2, 3, 3);
        Tensor offsets = random(random, 1, 18, 2, 2);
        Tensor mask = Tensor.zeros(DataType.FLOAT, 1, 9, 2, 2);
        Tensor b = Tensor.of(new float[] {1, 2, 3}, 3);
        assertValues(runSingle(deformConv(attributes(), 5), x, w, offsets, b, mask), shape(1, 3, 2, 2),
            1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3);
    }

    @Test
    void eachOffsetGroupDisplacesOnlyItsOwnChannels() {
        Random random = new Random(4);
        Map<String, Object> window = attributes();
        Tensor x = random(random, 1, 4, 5, 5);
        Tensor w = random(random, 3, 4, 3, 3);
        Tensor b = random(random, 3);
        // Channels 0-1 (group 0) stay put; channels 2-3 (group 1) read one row down and one column left.
        Tensor partlyShifted = Tensor.of(x.toFloatArray(), x.shape());
        Tensor shiftedX = shifted(x, 1, -1);
        System.arraycopy(shiftedX.floats(), 2 * 25, partlyShifted.floats(), 2 * 25, 2 * 25);
        Tensor expected = conv(window, partlyShifted, w, b);

        Tensor offsets = uniformOffsets(1, 9, shape(3, 3), new float[] {0, 1}, new float[] {0, -1});
        Map<String, Object> attributes = attributes("offset_group", 2);
        assertClose(expected, runSingle(deformConv(attributes, 4), x, w, offsets, b), TOLERANCE, TOLERANCE, "groups");
    }

    @Test
    void matchesAPlainTwoDimensionalFormulationOnRandomOffsetsAndMask() {
        Random random = new Random(5);
        Tensor x = random(random, 2, 4, 6, 5);
        Tensor w = random(random, 4, 2, 3, 2);
        Tensor b = random(random, 4);
        // stride (2, 1), pads (1, 0, 1, 1), dilation (1, 2): output 3 x 4.
        Tensor offsets = scaled(random(random, 2, 2 * 6 * 2, 3, 4), 3);
        Tensor mask = random(random, 2, 2 * 6, 3, 4);
        Map<String, Object> attributes = attributes("strides", ints(2, 1), "pads", ints(1, 0, 1, 1),
            "dilations", ints(1, 2), "group", 2, "offset_group", 2);
        Tensor expected = plainDeformConv2d(x, w, b, offsets, mask, new int[] {2, 1}, new int[] {1, 0},
            new int[] {1, 2}, 2, 2);
        assertClose(expected, runSingle(deformConv(attributes, 5), x, w, offsets, b, mask), TOLERANCE, TOLERANCE,
            "random offsets");
    }

    private static Tensor scaled(Tensor t, float factor) {
        float[] data = t.toFloatArray();
        for (int i = 0; i < data.length; i++) {
            data[i] *= factor;
        }
        return Tensor.of(data, t.shape());
    }

    /** Deformable convolution v2 written out for 2-D, in the style of torchvision's CPU kernel. */
    private static Tensor plainDeformConv2d(Tensor x, Tensor w, Tensor b, Tensor offset, Tensor mask, int[] stride,
                                            int[] padBegin, int[] dilation, int groups, int offsetGroups) {
        int batch = x.dim(0);
        int channels = x.dim(1);
        int height = x.dim(2);
        int width = x.dim(3);
        int outChannels = w.dim(0);
        int kh = w.dim(2);
        int kw = w.dim(3);
        int outH = offset.dim(2);
        int outW = offset.dim(3);
        int channelsPerGroup = channels / groups;
        int channelsPerOffsetGroup = channels / offsetGroups;
        float[] y = new float[batch * outChannels * outH * outW];
        for (int n = 0; n < batch; n++) {
            for (int m = 0; m < outChannels; m++) {
                for (int oh = 0; oh < outH; oh++) {
                    for (int ow = 0; ow < outW; ow++) {
                        double sum = b.getDouble(m);
                        for (int ci = 0; ci < channelsPerGroup; ci++) {
                            int c = m / (outChannels / groups) * channelsPerGroup + ci;
                            int g = c / channelsPerOffsetGroup;
                            for (int i = 0; i < kh; i++) {
                                for (int j = 0; j < kw; j++) {
                                    int tap = g * kh * kw + i * kw + j;
                                    double dy = offset.getDouble(((n * offset.dim(1) + 2 * tap) * outH + oh) * outW + ow);
                                    double dx = offset.getDouble(((n * offset.dim(1) + 2 * tap + 1) * outH + oh) * outW + ow);
                                    double scale = mask.getDouble(((n * mask.dim(1) + tap) * outH + oh) * outW + ow);
                                    double h = oh * stride[0] - padBegin[0] + i * dilation[0] + dy;
                                    double v = ow * stride[1] - padBegin[1] + j * dilation[1] + dx;
                                    double sample = bilinear(x, (n * channels + c) * height * width, height, width, h, v);
                                    sum += w.getDouble(((m * channelsPerGroup + ci) * kh + i) * kw + j) * scale * sample;
                                }
                            }
                        }
                        y[((n * outChannels + m) * outH + oh) * outW + ow] = (float) sum;
                    }
                }
            }
        }
        return Tensor.of(y, batch, outChannels, outH, outW);
    }

    private static double bilinear(Tensor x, int base, int height, int width, double h, double w) {
        if (h <= -1 || h >= height || w <= -1 || w >= width) {
            return 0;
        }
        int hLow = (int) Math.floor(h);
        int wLow = (int) Math.floor(w);
        double lh = h - hLow;
        double lw = w - wLow;
        double v1 = hLow >= 0 && wLow >= 0 ? x.getDouble(base + hLow * width + wLow) : 0;
        double v2 = hLow >= 0 && wLow + 1 < width ? x.getDouble(base + hLow * width + wLow + 1) : 0;
        double v3 = hLow + 1 < height && wLow >= 0 ? x.getDouble(base + (hLow + 1) * width + wLow) : 0;
        double v4 = hLow + 1 < height && wLow + 1 < width ? x.getDouble(base + (hLow + 1) * width + wLow + 1) : 0;
        return (1 - lh) * (1 - lw) * v1 + (1 - lh) * lw * v2 + lh * (1 - lw) * v3 + lh * lw * v4;
    }

    @Test
    void infersTheOutputShapeFromTheRegularWindow() {
        List<TensorInfo> outputs = deformConv(attributes("strides", ints(2, 2), "pads", ints(1, 1, 1, 1)), 3)
            .inferOutputs(List.of(TensorInfo.of(DataType.FLOAT, 1, 4, 8, 8), TensorInfo.of(DataType.FLOAT, 6, 4, 3, 3),
                TensorInfo.of(DataType.FLOAT, 1, 18, 4, 4)));
        assertTrue(Arrays.equals(shape(1, 6, 4, 4), outputs.get(0).shape()), outputs.toString());
    }

    @Test
    void rejectsModelsBeforeOpset19() {
        assertThrows(OpException.class, () -> op("DeformConv", 18, attributes(), 3, 1));
    }

    @Test
    void rejectsAutoPadWhichDeformConvDoesNotHave() {
        assertThrows(OpException.class, () -> deformConv(attributes("auto_pad", "SAME_UPPER"), 3));
    }

    @Test
    void rejectsANonPositiveOffsetGroup() {
        assertThrows(OpException.class, () -> deformConv(attributes("offset_group", 0), 3));
    }

    @Test
    void rejectsOffsetsOfTheWrongShape() {
        Op op = deformConv(attributes("offset_group", 2), 3);
        OpException e = assertThrows(OpException.class, () -> op.inferOutputs(List.of(TensorInfo.of(DataType.FLOAT, 1, 4, 5, 5),
            TensorInfo.of(DataType.FLOAT, 2, 4, 3, 3), TensorInfo.of(DataType.FLOAT, 1, 18, 3, 3))));
        assertTrue(e.getMessage().contains("offset"), e.getMessage());
    }

    @Test
    void rejectsAMaskOfTheWrongShape() {
        Op op = deformConv(attributes(), 5);
        List<TensorInfo> inputs = Arrays.asList(TensorInfo.of(DataType.FLOAT, 1, 4, 5, 5),
            TensorInfo.of(DataType.FLOAT, 2, 4, 3, 3), TensorInfo.of(DataType.FLOAT, 1, 18, 3, 3), null,
            TensorInfo.of(DataType.FLOAT, 1, 18, 3, 3));
        assertThrows(OpException.class, () -> op.inferOutputs(inputs));
    }

    @Test
    void rejectsChannelsNotDivisibleByTheOffsetGroups() {
        Op op = deformConv(attributes("offset_group", 3), 3);
        assertThrows(OpException.class, () -> op.inferOutputs(List.of(TensorInfo.of(DataType.FLOAT, 1, 4, 5, 5),
            TensorInfo.of(DataType.FLOAT, 2, 4, 3, 3), TensorInfo.of(DataType.FLOAT, 1, 54, 3, 3))));
    }

    private static float[] filled(int length, float value) {
        float[] data = new float[length];
        Arrays.fill(data, value);
        return data;
    }
}
