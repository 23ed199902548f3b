package io.lcnnserve.core.ops.conv;

import static io.lcnnserve.core.ops.spatial.SpatialTesting.assertValues;
import static io.lcnnserve.core.ops.spatial.SpatialTesting.attributes;
import static io.lcnnserve.core.ops.spatial.SpatialTesting.ints;
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

/**
 * Most cases use X = [1, 2] and W = [1, 10, 100] with stride 2, whose full (uncropped) result is
 * [1, 10, 1 + 100 + 1 * 2, 20, 200] = [1, 10, 102, 20, 200].
 */
class ConvTransposeTest {
    private static final float[] X = {1, 2};
    private static final float[] W = {1, 10, 100};

    private static Op convTranspose(Map<String, Object> attributes, int inputCount) {
        return op("ConvTranspose", 11, attributes, inputCount, 1);
    }

    private static Tensor strided(Map<String, Object> attributes) {
        attributes.put("strides", ints(2));
        return runSingle(convTranspose(attributes, 2), Tensor.of(X, 1, 1, 2), Tensor.of(W, 1, 1, 3));
    }

    @Test
    void scattersEachInputCellThroughTheKernel() {
        Tensor y = runSingle(convTranspose(attributes(), 2), Tensor.of(new float[] {1, 2, 3}, 1, 1, 3),
            Tensor.of(new float[] {1, 1, 1}, 1, 1, 3));
        assertValues(y, shape(1, 1, 5), 1, 3, 6, 5, 3);
    }

    @Test
    void stridesSpreadTheInputCellsApart() {
        assertValues(strided(attributes()), shape(1, 1, 5), 1, 10, 102, 20, 200);
    }

    @Test
    void padsCropTheFullResult() {
        assertValues(strided(attributes("pads", ints(1, 1))), shape(1, 1, 3), 10, 102, 20);
    }

    @Test
    void asymmetricPadsCropEachSideByItsOwnAmount() {
        assertValues(strided(attributes("pads", ints(2, 0))), shape(1, 1, 3), 102, 20, 200);
    }

    @Test
    void outputPaddingAppendsCellsThatReceiveOnlyTheBias() {
        Tensor y = runSingle(convTranspose(attributes("strides", ints(2), "output_padding", ints(1)), 3),
            Tensor.of(X, 1, 1, 2), Tensor.of(W, 1, 1, 3), Tensor.of(new float[] {0.5f}, 1));
        assertValues(y, shape(1, 1, 6), 1.5f, 10.5f, 102.5f, 20.5f, 200.5f, 0.5f);
    }

    @Test
    void outputShapeWithOddTotalPaddingCropsMoreAtTheStart() {
        // total padding 5 - 4 = 1; the spec gives NOTSET's odd cell to the start.
        assertValues(strided(attributes("output_shape", ints(4))), shape(1, 1, 4), 10, 102, 20, 200);
    }

    @Test
    void outputShapeWithSameUpperCropsMoreAtTheEnd() {
        assertValues(strided(attributes("output_shape", ints(4), "auto_pad", "SAME_UPPER")), shape(1, 1, 4),
            1, 10, 102, 20);
    }

    @Test
    void outputShapeMayIncludeBatchAndChannels() {
        assertValues(strided(attributes("output_shape", ints(1, 1, 3))), shape(1, 1, 3), 10, 102, 20);
    }

    @Test
    void outputShapeLargerThanTheFullResultExtendsItWithBiasOnlyCells() {
        assertValues(strided(attributes("output_shape", ints(7))), shape(1, 1, 7), 1, 10, 102, 20, 200, 0, 0);
    }

    @Test
    void sameUpperGivesInputTimesStrideCroppingTheEnd() {
        assertValues(strided(attributes("auto_pad", "SAME_UPPER")), shape(1, 1, 4), 1, 10, 102, 20);
    }

    @Test
    void sameLowerGivesInputTimesStrideCroppingTheStart() {
        assertValues(strided(attributes("auto_pad", "SAME_LOWER")), shape(1, 1, 4), 10, 102, 20, 200);
    }

    @Test
    void sameGivesInputTimesStrideEvenWhenTheKernelIsShorterThanTheStride() {
        Tensor y = runSingle(convTranspose(attributes("strides", ints(2), "auto_pad", "SAME_UPPER"), 2),
            Tensor.of(X, 1, 1, 2), Tensor.of(new float[] {3}, 1, 1, 1));
        assertValues(y, shape(1, 1, 4), 3, 0, 6, 0);
    }

    @Test
    void validKeepsTheFullResult() {
        assertValues(strided(attributes("auto_pad", "VALID")), shape(1, 1, 5), 1, 10, 102, 20, 200);
    }

    @Test
    void dilationsSpreadTheKernelTaps() {
        Tensor y = runSingle(convTranspose(attributes("dilations", ints(2)), 2), Tensor.of(X, 1, 1, 2),
            Tensor.of(new float[] {1, 10}, 1, 1, 2));
        assertValues(y, shape(1, 1, 4), 1, 2, 10, 20);
    }

    @Test
    void outputPaddingMayReachTheDilationWhenItExceedsTheStride() {
        Tensor y = runSingle(convTranspose(attributes("dilations", ints(2), "output_padding", ints(1)), 2),
            Tensor.of(X, 1, 1, 2), Tensor.of(new float[] {1, 10}, 1, 1, 2));
        assertValues(y, shape(1, 1, 5), 1, 2, 10, 20, 0);
    }

    @Test
    void groupsScatterEachChannelGroupIntoItsOwnOutputs() {
        Tensor y = runSingle(convTranspose(attributes("group", 2), 2), Tensor.of(new float[] {1, 2}, 1, 2, 1),
            Tensor.of(new float[] {3, 5}, 2, 1, 1));
        assertValues(y, shape(1, 2, 1), 3, 10);
    }

    @Test
    void everyInputChannelContributesToEveryOutputChannelOfItsGroup() {
        // W (C=2, M/group=2, k=1): y[m] = x[0] * W[0, m] + x[1] * W[1, m].
        Tensor y = runSingle(convTranspose(attributes(), 2), Tensor.of(new float[] {1, 2}, 1, 2, 1),
            Tensor.of(new float[] {1, 10, 100, 1000}, 2, 2, 1));
        assertValues(y, shape(1, 2, 1), 201, 2010);
    }

    @Test
    void stridedTwoDimensionalKernelTilesTheOutput() {
        Tensor y = runSingle(convTranspose(attributes("strides", ints(2, 2)), 2),
            Tensor.of(new float[] {1, 2, 3, 4}, 1, 1, 2, 2), Tensor.of(new float[] {1, 1, 1, 1}, 1, 1, 2, 2));
        assertValues(y, shape(1, 1, 4, 4),
            1, 1, 2, 2,
            1, 1, 2, 2,
            3, 3, 4, 4,
            3, 3, 4, 4);
    }

    @Test
    void infersTheOutputShapeWithChannelsFromTheWeightsTimesGroup() {
        List<TensorInfo> outputs = convTranspose(attributes("strides", ints(2, 2), "group", 2, "pads", ints(1, 1, 1, 1),
            "output_padding", ints(1, 1)), 2).inferOutputs(List.of(TensorInfo.of(DataType.FLOAT, 1, 4, 7, 7),
            TensorInfo.of(DataType.FLOAT, 4, 3, 3, 3)));
        assertArrayEquals(shape(1, 6, 14, 14), outputs.get(0).shape());
    }

    @Test
    void rejectsOutputPaddingNotSmallerThanStrideOrDilation() {
        OpException e = assertThrows(OpException.class,
            () -> convTranspose(attributes("strides", ints(2), "output_padding", ints(2)), 2));
        assertTrue(e.getMessage().contains("output_padding"), e.getMessage());
    }

    @Test
    void rejectsOutputShapeCombinedWithPads() {
        assertThrows(OpException.class, () -> convTranspose(attributes("output_shape", ints(4), "pads", ints(1, 0)), 2));
    }

    @Test
    void rejectsAttributesOfTheWrongLength() {
        assertThrows(OpException.class, () -> convTranspose(attributes("strides", ints(2, 2), "output_padding", ints(1)), 2));
        assertThrows(OpException.class, () -> convTranspose(attributes("strides", ints(2, 2), "output_shape", ints(4)), 2));
    }

    @Test
    void rejectsWeightsWhoseFirstAxisIsNotTheInputChannels() {
        Op op = convTranspose(attributes(), 2);
        OpException e = assertThrows(OpException.class, () -> op.inferOutputs(List.of(
            TensorInfo.of(DataType.FLOAT, 1, 3, 5, 5), TensorInfo.of(DataType.FLOAT, 4, 3, 3, 3))));
        assertTrue(e.getMessage().contains("channels"), e.getMessage());
    }

    @Test
    void rejectsAGroupThatDoesNotDivideTheChannels() {
        Op op = convTranspose(attributes("group", 2), 2);
        assertThrows(OpException.class, () -> op.inferOutputs(List.of(
            TensorInfo.of(DataType.FLOAT, 1, 3, 5, 5), TensorInfo.of(DataType.FLOAT, 3, 1, 3, 3))));
    }

    @Test
    void rejectsPadsThatCropEverything() {
        Op op = convTranspose(attributes("pads", ints(2, 2)), 2);
        assertThrows(OpException.class, () -> op.inferOutputs(List.of(
            TensorInfo.of(DataType.FLOAT, 1, 1, 2), TensorInfo.of(DataType.FLOAT, 1, 1, 3))));
    }

    @Test
    void rejectsAnOutputShapeForAnotherBatchOrChannelCount() {
        Op op = convTranspose(attributes("output_shape", ints(2, 1, 4)), 2);
        assertThrows(OpException.class, () -> op.inferOutputs(List.of(
            TensorInfo.of(DataType.FLOAT, 1, 1, 2), TensorInfo.of(DataType.FLOAT, 1, 1, 3))));
    }
}
