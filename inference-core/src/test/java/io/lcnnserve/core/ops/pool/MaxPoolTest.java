package io.lcnnserve.core.ops.pool;

import static io.lcnnserve.core.ops.spatial.SpatialTesting.assertValues;
import static io.lcnnserve.core.ops.spatial.SpatialTesting.attributes;
import static io.lcnnserve.core.ops.spatial.SpatialTesting.ints;
import static io.lcnnserve.core.ops.spatial.SpatialTesting.iota;
import static io.lcnnserve.core.ops.spatial.SpatialTesting.op;
import static io.lcnnserve.core.ops.spatial.SpatialTesting.run;
import static io.lcnnserve.core.ops.spatial.SpatialTesting.runSingle;
import static io.lcnnserve.core.ops.spatial.SpatialTesting.shape;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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

class MaxPoolTest {

    private static Op maxPool(Map<String, Object> attributes) {
        return op("MaxPool", 12, attributes, 1, 1);
    }

    private static Tensor pool1d(Map<String, Object> attributes, float... x) {
        return runSingle(maxPool(attributes), Tensor.of(x, 1, 1, x.length));
    }

    @Test
    void takesTheMaximumOfEachWindow() {
        Tensor y = runSingle(maxPool(attributes("kernel_shape", ints(2, 2), "strides", ints(2, 2))), iota(1, 1, 4, 4));
        assertValues(y, shape(1, 1, 2, 2), 5, 7, 13, 15);
    }

    @Test
    void paddingNeverWinsOverNegativeInputs() {
        Tensor x = Tensor.of(new float[] {-1, -2, -3, -4}, 1, 1, 2, 2);
        Tensor y = runSingle(maxPool(attributes("kernel_shape", ints(2, 2), "pads", ints(1, 1, 1, 1))), x);
        assertValues(y, shape(1, 1, 3, 3), -1, -1, -2, -1, -1, -2, -3, -3, -4);
    }

    @Test
    void ceilModeKeepsAPartialLastWindow() {
        assertValues(pool1d(attributes("kernel_shape", ints(2), "strides", ints(2)), 1, 2, 3, 4, 5), shape(1, 1, 2), 2, 4);
        assertValues(pool1d(attributes("kernel_shape", ints(2), "strides", ints(2), "ceil_mode", 1), 1, 2, 3, 4, 5),
            shape(1, 1, 3), 2, 4, 5);
    }

    @Test
    void ceilModeDropsAWindowThatWouldStartInTheEndPadding() {
        // span 4 + 1 - 2 = 3, ceil(3 / 2) + 1 = 3 windows, but the third would start at 4, in the padding.
        Tensor y = pool1d(attributes("kernel_shape", ints(2), "strides", ints(2), "pads", ints(0, 1), "ceil_mode", 1),
            1, 2, 3, 4);
        assertValues(y, shape(1, 1, 2), 2, 4);
    }

    @Test
    void dilationsSpreadTheWindowTaps() {
        Tensor y = pool1d(attributes("kernel_shape", ints(2), "dilations", ints(2)), 5, 1, 4, 2, 3);
        assertValues(y, shape(1, 1, 3), 5, 2, 4);
    }

    @Test
    void sameUpperPadsTheEnd() {
        Tensor y = pool1d(attributes("kernel_shape", ints(2), "auto_pad", "SAME_UPPER"), 1, 4, 2, 3);
        assertValues(y, shape(1, 1, 4), 4, 4, 3, 3);
    }

    @Test
    void sameLowerPadsTheBeginning() {
        Tensor y = pool1d(attributes("kernel_shape", ints(2), "auto_pad", "SAME_LOWER"), 1, 4, 2, 3);
        assertValues(y, shape(1, 1, 4), 1, 4, 4, 3);
    }

    @Test
    void sameWithAStrideLongerThanTheWindowPadsNothing() {
        // TensorFlow's rule, which SAME comes from: the total padding is never negative.
        Tensor y = pool1d(attributes("kernel_shape", ints(1), "strides", ints(3), "auto_pad", "SAME_UPPER"),
            1, 2, 3, 4, 5, 6);
        assertValues(y, shape(1, 1, 2), 1, 4);
    }

    @Test
    void validUsesNoPadding() {
        Tensor y = pool1d(attributes("kernel_shape", ints(2), "strides", ints(2), "auto_pad", "VALID"), 1, 4, 2, 3, 9);
        assertValues(y, shape(1, 1, 2), 4, 3);
    }

    @Test
    void poolsThreeSpatialAxes() {
        Tensor y = runSingle(maxPool(attributes("kernel_shape", ints(2, 2, 2))), iota(1, 2, 2, 2, 2));
        assertValues(y, shape(1, 2, 1, 1, 1), 7, 15);
    }

    @Test
    void indicesCountBatchChannelAndRowMajorPosition() {
        // Channel 0's maximum is at (0, 1), channel 1's at (1, 0); each plane has 4 cells.
        Tensor x = Tensor.of(new float[] {0, 9, 1, 2, 0, 0, 7, 0}, 1, 2, 2, 2);
        Tensor[] outputs = run(op("MaxPool", 12, attributes("kernel_shape", ints(2, 2)), 1, 2), x);
        assertValues(outputs[0], shape(1, 2, 1, 1), 9, 7);
        assertEquals(DataType.INT64, outputs[1].type());
        assertArrayEquals(new long[] {1, 4 + 2}, outputs[1].toLongArray());
    }

    @Test
    void storageOrderOneGivesColumnMajorSpatialIndices() {
        Tensor x = Tensor.of(new float[] {0, 9, 1, 2, 0, 0, 7, 0}, 1, 2, 2, 2);
        Tensor[] outputs = run(op("MaxPool", 12, attributes("kernel_shape", ints(2, 2), "storage_order", 1), 1, 2), x);
        // (0, 1) is column-major 0 + 1 * 2 = 2; (1, 0) is 1.
        assertArrayEquals(new long[] {2, 4 + 1}, outputs[1].toLongArray());
    }

    @Test
    void indicesOfPaddedWindowsPointIntoTheUnpaddedInput() {
        Tensor[] outputs = run(op("MaxPool", 12, attributes("kernel_shape", ints(2), "pads", ints(1, 1)), 1, 2),
            Tensor.of(new float[] {3, 1, 2}, 1, 1, 3));
        assertValues(outputs[0], shape(1, 1, 4), 3, 3, 2, 2);
        assertArrayEquals(new long[] {0, 0, 2, 2}, outputs[1].toLongArray());
    }

    @Test
    void tiesGoToTheFirstTapInWindowOrder() {
        Tensor[] outputs = run(op("MaxPool", 12, attributes("kernel_shape", ints(3)), 1, 2),
            Tensor.of(new float[] {1, 5, 5}, 1, 1, 3));
        assertArrayEquals(new long[] {1}, outputs[1].toLongArray());
    }

    @Test
    void nanPropagates() {
        Tensor y = pool1d(attributes("kernel_shape", ints(2)), 1, Float.NaN, 3);
        assertTrue(Float.isNaN(y.floats()[0]) && Float.isNaN(y.floats()[1]), "both windows see the NaN");
    }

    @Test
    void opset1HasTheSameSemanticsWithoutTheNewerAttributes() {
        Tensor y = runSingle(op("MaxPool", 1, attributes("kernel_shape", ints(2), "pads", ints(1, 0)), 1, 1),
            Tensor.of(new float[] {-1, 4, 2}, 1, 1, 3));
        assertValues(y, shape(1, 1, 3), -1, 4, 4);
    }

    @Test
    void rejectsAttributesNewerThanTheModelsOpset() {
        assertThrows(OpException.class, () -> op("MaxPool", 8, attributes("kernel_shape", ints(2), "ceil_mode", 1), 1, 1));
        assertThrows(OpException.class, () -> op("MaxPool", 8, attributes("kernel_shape", ints(2), "dilations", ints(1)), 1, 1));
        assertThrows(OpException.class, () -> op("MaxPool", 7, attributes("kernel_shape", ints(2), "storage_order", 0), 1, 1));
        assertThrows(OpException.class, () -> op("MaxPool", 7, attributes("kernel_shape", ints(2)), 1, 2), "Indices output");
    }

    @Test
    void rejectsMalformedAttributes() {
        assertThrows(OpException.class, () -> maxPool(attributes()), "kernel_shape is required");
        assertThrows(OpException.class, () -> maxPool(attributes("kernel_shape", ints(2), "ceil_mode", 2)));
        assertThrows(OpException.class, () -> maxPool(attributes("kernel_shape", ints(2), "storage_order", 2)));
        assertThrows(OpException.class, () -> maxPool(attributes("kernel_shape", ints(2), "auto_pad", "same_upper")));
        assertThrows(OpException.class, () -> maxPool(attributes("kernel_shape", ints(2), "strides", ints(1, 1))));
    }

    @Test
    void rejectsPadsNotSmallerThanTheKernel() {
        OpException e = assertThrows(OpException.class, () -> maxPool(attributes("kernel_shape", ints(2), "pads", ints(0, 2))));
        assertTrue(e.getMessage().contains("pads"), e.getMessage());
    }

    @Test
    void rejectsADilatedWindowThatCoversOnlyPadding() {
        // 2 cells, pads (1, 1), extent 4: one window, whose taps -1 and 2 both lie in the padding.
        Op op = maxPool(attributes("kernel_shape", ints(2), "dilations", ints(3), "pads", ints(1, 1)));
        assertThrows(OpException.class, () -> op.inferOutputs(List.of(TensorInfo.of(DataType.FLOAT, 1, 1, 2))));
    }

    @Test
    void rejectsAKernelOfAnotherRankThanTheInput() {
        Op op = maxPool(attributes("kernel_shape", ints(2, 2)));
        assertThrows(OpException.class, () -> op.inferOutputs(List.of(TensorInfo.of(DataType.FLOAT, 1, 1, 4))));
    }

    @Test
    void infersBothOutputShapes() {
        List<TensorInfo> outputs = op("MaxPool", 12, attributes("kernel_shape", ints(3, 3), "strides", ints(2, 2),
            "pads", ints(1, 1, 1, 1)), 1, 2).inferOutputs(List.of(TensorInfo.of(DataType.FLOAT, 1, 64, 112, 112)));
        assertArrayEquals(shape(1, 64, 56, 56), outputs.get(0).shape());
        assertEquals(TensorInfo.of(DataType.INT64, 1, 64, 56, 56), outputs.get(1));
    }
}
