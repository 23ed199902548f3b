package io.lcnnserve.core.ops.conv;

import static io.lcnnserve.core.ops.spatial.SpatialTesting.assertValues;
import static io.lcnnserve.core.ops.spatial.SpatialTesting.attributes;
import static io.lcnnserve.core.ops.spatial.SpatialTesting.ints;
import static io.lcnnserve.core.ops.spatial.SpatialTesting.iota;
import static io.lcnnserve.core.ops.spatial.SpatialTesting.op;
import static io.lcnnserve.core.ops.spatial.SpatialTesting.runSingle;
import static io.lcnnserve.core.ops.spatial.SpatialTesting.shape;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lcnnserve.core.ops.Op;
import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.ops.TensorInfo;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConvTest {

    private static Op conv(Map<String, Object> attributes, int inputCount) {
        return op("Conv", 11, attributes, inputCount, 1);
    }

    private static Tensor conv1d(Map<String, Object> attributes, float[] x, float[] w) {
        return runSingle(conv(attributes, 2), Tensor.of(x, 1, 1, x.length), Tensor.of(w, 1, 1, w.length));
    }

    @Test
    void slidesTheKernelOverTheInputWithoutPadding() {
        Tensor y = runSingle(conv(attributes(), 2), iota(1, 1, 3, 3), Tensor.of(new float[] {1, 2, 3, 4}, 1, 1, 2, 2));
        assertValues(y, shape(1, 1, 2, 2), 27, 37, 57, 67);
    }

    @Test
    void addsTheBiasOfEachOutputChannel() {
        Tensor w = Tensor.of(new float[] {1, 1, 1, 1, 0, 0, 0, 1}, 2, 1, 2, 2);
        Tensor y = runSingle(conv(attributes(), 3), iota(1, 1, 2, 2), w, Tensor.of(new float[] {10, -1}, 2));
        assertValues(y, shape(1, 2, 1, 1), 16, 2);
    }

    @Test
    void asymmetricPadsAddZerosOnlyWhereAsked() {
        // pads = [top, left, bottom, right] = [1, 0, 0, 2] with a 1x1 identity kernel.
        Tensor y = runSingle(conv(attributes("pads", ints(1, 0, 0, 2)), 2), iota(1, 1, 3, 3),
            Tensor.of(new float[] {1}, 1, 1, 1, 1));
        assertValues(y, shape(1, 1, 4, 5),
            0, 0, 0, 0, 0,
            0, 1, 2, 0, 0,
            3, 4, 5, 0, 0,
            6, 7, 8, 0, 0);
    }

    @Test
    void sameUpperPutsTheOddPaddingCellAtTheEnd() {
        Tensor y = conv1d(attributes("auto_pad", "SAME_UPPER"), new float[] {1, 2, 3, 4}, new float[] {1, 10});
        assertValues(y, shape(1, 1, 4), 21, 32, 43, 4);
    }

    @Test
    void sameLowerPutsTheOddPaddingCellAtTheBeginning() {
        Tensor y = conv1d(attributes("auto_pad", "SAME_LOWER"), new float[] {1, 2, 3, 4}, new float[] {1, 10});
        assertValues(y, shape(1, 1, 4), 10, 21, 32, 43);
    }

    @Test
    void sameWithStrideGivesCeilOfInputOverStride() {
        Tensor y = conv1d(attributes("auto_pad", "SAME_UPPER", "strides", ints(2)), new float[] {1, 2, 3, 4, 5},
            new float[] {1, 1, 1});
        assertValues(y, shape(1, 1, 3), 3, 9, 9);
    }

    @Test
    void validDropsWindowsThatDoNotFit() {
        Tensor y = conv1d(attributes("auto_pad", "VALID", "strides", ints(2)), new float[] {1, 2, 3, 4, 5},
            new float[] {1, 1});
        assertValues(y, shape(1, 1, 2), 3, 7);
    }

    @Test
    void stridesFloorTheOutputSize() {
        Tensor y = conv1d(attributes("strides", ints(3)), new float[] {1, 2, 3, 4, 5, 6, 7}, new float[] {1, 1});
        assertValues(y, shape(1, 1, 2), 3, 9);
    }

    @Test
    void dilationsSpreadTheKernelTaps() {
        Tensor y = conv1d(attributes("dilations", ints(2)), new float[] {1, 2, 3, 4, 5}, new float[] {1, 10});
        assertValues(y, shape(1, 1, 3), 31, 42, 53);
    }

    @Test
    void groupsConvolveEachChannelGroupWithItsOwnFilters() {
        Tensor w = Tensor.of(new float[] {1, 10, 100, 1000}, 2, 2, 1, 1);
        Tensor y = runSingle(conv(attributes("group", 2), 2), Tensor.of(new float[] {1, 2, 3, 4}, 1, 4, 1, 1), w);
        assertValues(y, shape(1, 2, 1, 1), 21, 4300);
    }

    @Test
    void depthwiseWithChannelMultiplierGivesEachInputChannelSeveralOutputs() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 1, 2, 1, 2);
        Tensor w = Tensor.of(new float[] {1, 2, 3, 4}, 4, 1, 1, 1);
        Tensor y = runSingle(conv(attributes("group", 2), 2), x, w);
        assertValues(y, shape(1, 4, 1, 2), 1, 2, 2, 4, 9, 12, 12, 16);
    }

    @Test
    void eachBatchItemIsConvolvedSeparately() {
        Tensor y = runSingle(conv(attributes(), 2), Tensor.of(new float[] {1, 2, 3, 4}, 2, 1, 2),
            Tensor.of(new float[] {1, -1}, 1, 1, 2));
        assertValues(y, shape(2, 1, 1), -1, -1);
    }

    @Test
    void convolvesThreeSpatialAxes() {
        Tensor y = runSingle(conv(attributes("pads", ints(0, 0, 0, 0, 0, 1)), 2), iota(1, 1, 2, 2, 2),
            Tensor.of(new float[] {1, 1, 1, 1, 1, 1, 1, 1}, 1, 1, 2, 2, 2));
        assertValues(y, shape(1, 1, 1, 1, 2), 28, 1 + 3 + 5 + 7);
    }

    @Test
    void opset1HasTheSameSemantics() {
        Tensor y = runSingle(op("Conv", 1, attributes("kernel_shape", ints(2, 2)), 2, 1), iota(1, 1, 3, 3),
            Tensor.of(new float[] {1, 2, 3, 4}, 1, 1, 2, 2));
        assertValues(y, shape(1, 1, 2, 2), 27, 37, 57, 67);
    }

    @Test
    void infersTheOutputShape() {
        List<TensorInfo> outputs = conv(attributes("strides", ints(2, 2), "pads", ints(1, 1, 1, 1)), 3).inferOutputs(List.of(
            TensorInfo.of(DataType.FLOAT, 1, 3, 224, 224), TensorInfo.of(DataType.FLOAT, 32, 3, 3, 3),
            TensorInfo.of(DataType.FLOAT, 32)));
        assertArrayEquals(shape(1, 32, 112, 112), outputs.get(0).shape());
    }

    @Test
    void rejectsAnUnknownAutoPad() {
        OpException e = assertThrows(OpException.class, () -> conv(attributes("auto_pad", "SAME"), 2));
        assertTrue(e.getMessage().contains("SAME"), e.getMessage());
    }

    @Test
    void rejectsPadsCombinedWithAutoPad() {
        assertThrows(OpException.class, () -> conv(attributes("auto_pad", "SAME_UPPER", "pads", ints(1, 1, 1, 1)), 2));
    }

    @Test
    void rejectsMalformedWindowAttributes() {
        assertThrows(OpException.class, () -> conv(attributes("pads", ints(1, 1, 1)), 2), "odd pads length");
        assertThrows(OpException.class, () -> conv(attributes("pads", ints(-1, 0)), 2), "negative pad");
        assertThrows(OpException.class, () -> conv(attributes("strides", ints(0, 1)), 2), "zero stride");
        assertThrows(OpException.class, () -> conv(attributes("dilations", ints(1, 0)), 2), "zero dilation");
        assertThrows(OpException.class, () -> conv(attributes("kernel_shape", ints(0)), 2), "empty kernel");
        assertThrows(OpException.class, () -> conv(attributes("group", 0), 2), "zero group");
        assertThrows(OpException.class, () -> conv(attributes("strides", ints(1, 1), "pads", ints(0, 0, 0, 0, 0, 0)), 2),
            "strides for 2 axes, pads for 3");
    }

    @Test
    void rejectsAnAttributeConvDoesNotHave() {
        assertThrows(OpException.class, () -> conv(attributes("ceil_mode", 1), 2));
    }

    @Test
    void rejectsAKernelShapeThatDisagreesWithTheWeights() {
        Op op = conv(attributes("kernel_shape", ints(3, 3)), 2);
        OpException e = assertThrows(OpException.class, () -> op.inferOutputs(List.of(
            TensorInfo.of(DataType.FLOAT, 1, 1, 5, 5), TensorInfo.of(DataType.FLOAT, 1, 1, 2, 2))));
        assertTrue(e.getMessage().contains("kernel_shape"), e.getMessage());
    }

    @Test
    void rejectsAGroupThatDoesNotDivideTheChannels() {
        Op op = conv(attributes("group", 2), 2);
        OpException e = assertThrows(OpException.class, () -> op.inferOutputs(List.of(
            TensorInfo.of(DataType.FLOAT, 1, 3, 5, 5), TensorInfo.of(DataType.FLOAT, 2, 1, 3, 3))));
        assertTrue(e.getMessage().contains("group"), e.getMessage());
    }

    @Test
    void rejectsWeightsWhoseChannelsDoNotMatchTheInput() {
        Op op = conv(attributes(), 2);
        assertThrows(OpException.class, () -> op.inferOutputs(List.of(
            TensorInfo.of(DataType.FLOAT, 1, 3, 5, 5), TensorInfo.of(DataType.FLOAT, 8, 4, 3, 3))));
        assertThrows(OpException.class, () -> op.inferOutputs(List.of(
            TensorInfo.of(DataType.FLOAT, 1, 3, 5, 5), TensorInfo.of(DataType.FLOAT, 8, 3, 3))), "rank differs");
    }

    @Test
    void rejectsABiasOfTheWrongLength() {
        Op op = conv(attributes(), 3);
        assertThrows(OpException.class, () -> op.inferOutputs(List.of(TensorInfo.of(DataType.FLOAT, 1, 3, 5, 5),
            TensorInfo.of(DataType.FLOAT, 8, 3, 3, 3), TensorInfo.of(DataType.FLOAT, 3))));
    }

    @Test
    void rejectsAnInputSmallerThanTheKernel() {
        Op op = conv(attributes(), 2);
        assertThrows(OpException.class, () -> op.inferOutputs(List.of(
            TensorInfo.of(DataType.FLOAT, 1, 1, 2, 2), TensorInfo.of(DataType.FLOAT, 1, 1, 3, 3))));
    }

    @Test
    void rejectsANonFloatInput() {
        Op op = conv(attributes(), 2);
        assertThrows(OpException.class, () -> op.inferOutputs(List.of(
            TensorInfo.of(DataType.INT64, 1, 1, 5, 5), TensorInfo.of(DataType.FLOAT, 1, 1, 3, 3))));
    }
}
