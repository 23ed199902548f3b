package io.lcnnserve.core.ops.pool;

import static io.lcnnserve.core.ops.spatial.SpatialTesting.assertValues;
import static io.lcnnserve.core.ops.spatial.SpatialTesting.attributes;
import static io.lcnnserve.core.ops.spatial.SpatialTesting.ints;
import static io.lcnnserve.core.ops.spatial.SpatialTesting.iota;
import static io.lcnnserve.core.ops.spatial.SpatialTesting.op;
import static io.lcnnserve.core.ops.spatial.SpatialTesting.runSingle;
import static io.lcnnserve.core.ops.spatial.SpatialTesting.shape;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lcnnserve.core.ops.Op;
import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.ops.TensorInfo;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AveragePoolTest {

    private static Op averagePool(int opset, Map<String, Object> attributes) {
        return op("AveragePool", opset, attributes, 1, 1);
    }

    private static Tensor pool1d(Map<String, Object> attributes, float... x) {
        return runSingle(averagePool(19, attributes), Tensor.of(x, 1, 1, x.length));
    }

    @Test
    void averagesEachWindow() {
        Tensor y = runSingle(averagePool(11, attributes("kernel_shape", ints(2, 2), "strides", ints(2, 2))), iota(1, 1, 4, 4));
        assertValues(y, shape(1, 1, 2, 2), 2.5f, 4.5f, 10.5f, 12.5f);
    }

    @Test
    void excludesPaddingFromTheDivisorByDefault() {
        assertValues(pool1d(attributes("kernel_shape", ints(2), "pads", ints(1, 1)), 2, 4), shape(1, 1, 3), 2, 3, 4);
    }

    @Test
    void countIncludePadDividesByTheWholeWindow() {
        assertValues(pool1d(attributes("kernel_shape", ints(2), "pads", ints(1, 1), "count_include_pad", 1), 2, 4),
            shape(1, 1, 3), 1, 3, 2);
    }

    @Test
    void ceilModeWindowOverhangingThePaddingCountsOnlyInputAndPadding() {
        // kernel 3, stride 2, pads (0, 1) on 5 cells: ceil gives windows at 0, 2 and 4; the last covers
        // x[4] = 5, one padding cell and one cell beyond the padding.
        Map<String, Object> exclude = attributes("kernel_shape", ints(3), "strides", ints(2), "pads", ints(0, 1),
            "ceil_mode", 1);
        assertValues(pool1d(exclude, 1, 2, 3, 4, 5), shape(1, 1, 3), 2, 4, 5);
        Map<String, Object> include = attributes("kernel_shape", ints(3), "strides", ints(2), "pads", ints(0, 1),
            "ceil_mode", 1, "count_include_pad", 1);
        assertValues(pool1d(include, 1, 2, 3, 4, 5), shape(1, 1, 3), 2, 4, 2.5f);
    }

    @Test
    void ceilModeWithoutPaddingAveragesThePartialWindow() {
        Map<String, Object> attributes = attributes("kernel_shape", ints(2), "strides", ints(2), "ceil_mode", 1,
            "count_include_pad", 1);
        assertValues(pool1d(attributes, 1, 2, 3, 4, 5), shape(1, 1, 3), 1.5f, 3.5f, 5);
    }

    @Test
    void sameUpperPaddingCountsAsPaddingWithCountIncludePad() {
        assertValues(pool1d(attributes("kernel_shape", ints(2), "auto_pad", "SAME_UPPER"), 1, 2, 3, 4),
            shape(1, 1, 4), 1.5f, 2.5f, 3.5f, 4);
        assertValues(pool1d(attributes("kernel_shape", ints(2), "auto_pad", "SAME_UPPER", "count_include_pad", 1),
            1, 2, 3, 4), shape(1, 1, 4), 1.5f, 2.5f, 3.5f, 2);
    }

    @Test
    void sameLowerPadsTheBeginning() {
        assertValues(pool1d(attributes("kernel_shape", ints(2), "auto_pad", "SAME_LOWER"), 1, 2, 3, 4),
            shape(1, 1, 4), 1, 1.5f, 2.5f, 3.5f);
    }

    @Test
    void dilationsSpreadTheWindowTapsSinceOpset19() {
        assertValues(pool1d(attributes("kernel_shape", ints(2), "dilations", ints(2)), 1, 2, 3, 4, 5),
            shape(1, 1, 3), 2, 3, 4);
    }

    @Test
    void dilatedWindowsCountOnlyTheirOwnTapsInThePadding() {
        // kernel 2, dilation 2, pads (1, 1) on [2, 4, 6]: windows tap (-1, 1), (0, 2), (1, 3).
        Map<String, Object> attributes = attributes("kernel_shape", ints(2), "dilations", ints(2), "pads", ints(1, 1),
            "count_include_pad", 1);
        assertValues(pool1d(attributes, 2, 4, 6), shape(1, 1, 3), 2, 4, 2);
    }

    @Test
    void countIncludePadCountsTheEndPaddingOfEveryAxis() {
        Map<String, Object> attributes = attributes("kernel_shape", ints(2, 1), "strides", ints(2, 1),
            "pads", ints(0, 0, 1, 0), "count_include_pad", 1);
        Tensor x = Tensor.of(new float[] {6, 6, 6}, 1, 1, 3, 1);
        assertValues(runSingle(averagePool(11, attributes), x), shape(1, 1, 2, 1), 6, 3);
    }

    @Test
    void dilatedWindowsCountPaddingSymmetricallyOnEverySpatialAxis() {
        // kernel 3 with dilation 2 and pads (2, 2) along the first of three spatial axes, on 5 equal cells.
        Map<String, Object> attributes = attributes("kernel_shape", ints(3, 1, 1), "dilations", ints(2, 1, 1),
            "pads", ints(2, 0, 0, 2, 0, 0), "count_include_pad", 1);
        Tensor x = Tensor.of(new float[] {6, 6, 6, 6, 6}, 1, 1, 5, 1, 1);
        assertValues(runSingle(averagePool(19, attributes), x), shape(1, 1, 5, 1, 1), 4, 4, 6, 4, 4);
    }

    @Test
    void poolsThreeSpatialAxes() {
        Tensor y = runSingle(averagePool(11, attributes("kernel_shape", ints(2, 2, 2))), iota(1, 1, 2, 2, 2));
        assertValues(y, shape(1, 1, 1, 1, 1), 3.5f);
    }

    @Test
    void opset1ExcludesPadding() {
        Tensor y = runSingle(averagePool(1, attributes("kernel_shape", ints(2), "pads", ints(1, 0))),
            Tensor.of(new float[] {2, 4}, 1, 1, 2));
        assertValues(y, shape(1, 1, 2), 2, 3);
    }

    @Test
    void rejectsAttributesNewerThanTheModelsOpset() {
        assertThrows(OpException.class, () -> averagePool(6, attributes("kernel_shape", ints(2), "count_include_pad", 1)));
        assertThrows(OpException.class, () -> averagePool(9, attributes("kernel_shape", ints(2), "ceil_mode", 1)));
        assertThrows(OpException.class, () -> averagePool(18, attributes("kernel_shape", ints(2), "dilations", ints(2))));
    }

    @Test
    void rejectsMalformedAttributes() {
        assertThrows(OpException.class, () -> averagePool(11, attributes()), "kernel_shape is required");
        assertThrows(OpException.class, () -> averagePool(11, attributes("kernel_shape", ints(2), "count_include_pad", 3)));
        assertThrows(OpException.class, () -> averagePool(11, attributes("kernel_shape", ints(2), "pads", ints(2, 0))));
        assertThrows(OpException.class, () -> averagePool(11, attributes("kernel_shape", ints(2), "storage_order", 0)));
    }

    @Test
    void infersTheOutputShape() {
        List<TensorInfo> outputs = averagePool(11, attributes("kernel_shape", ints(3, 3), "strides", ints(2, 2),
            "ceil_mode", 1)).inferOutputs(List.of(TensorInfo.of(DataType.FLOAT, 1, 96, 55, 55)));
        assertArrayEquals(shape(1, 96, 27, 27), outputs.get(0).shape());
    }
}
