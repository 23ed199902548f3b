package io.lcnnserve.core.ops.reduce;

import static io.lcnnserve.core.ops.OpHarness.assertTensor;
import static io.lcnnserve.core.ops.OpHarness.iota;
import static io.lcnnserve.core.ops.OpHarness.longs;
import static io.lcnnserve.core.ops.OpHarness.shape;
import static io.lcnnserve.core.ops.OpHarness.tensor;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lcnnserve.core.ops.Op;
import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.ops.OpHarness;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReduceMeanTest {

    private static Tensor mean(Map<String, Object> attributes, Tensor input) {
        return OpHarness.of(OpHarness.create("ReduceMean", 13, 1, 1, attributes)).input(input).runSingle();
    }

    @Test
    void averagesEachRowKeepingTheAxis() {
        var out = mean(Map.of("axes", new long[] {1}), iota(DataType.FLOAT, 2, 3));
        assertTensor(out, DataType.FLOAT, shape(2, 1), 1, 4);
    }

    @Test
    void dropsTheAxisWithoutKeepdims() {
        var out = mean(Map.of("axes", new long[] {1}, "keepdims", 0L), iota(DataType.FLOAT, 2, 3));
        assertTensor(out, DataType.FLOAT, shape(2), 1, 4);
    }

    @Test
    void withoutAxesAveragesEverything() {
        assertTensor(mean(Map.of(), iota(DataType.FLOAT, 2, 3)), DataType.FLOAT, shape(1, 1), 2.5);
        assertTensor(mean(Map.of("keepdims", 0L), iota(DataType.FLOAT, 2, 3)), DataType.FLOAT, shape(), 2.5);
    }

    @Test
    void negativeAxisCountsFromTheEnd() {
        var out = mean(Map.of("axes", new long[] {-2}), iota(DataType.FLOAT, 2, 3));
        assertTensor(out, DataType.FLOAT, shape(1, 3), 1.5, 2.5, 3.5);
    }

    @Test
    void averagesTheSpatialAxesLikeGlobalAveragePool() {
        var out = mean(Map.of("axes", new long[] {2, 3}), iota(DataType.FLOAT, 1, 2, 2, 2));
        assertTensor(out, DataType.FLOAT, shape(1, 2, 1, 1), 1.5, 5.5);
    }

    @Test
    void integerMeansTruncateTowardZero() {
        var out = mean(Map.of("keepdims", 0L), tensor(DataType.INT32, shape(2, 3), 1, 2, 2, -1, -2, -2));
        assertTensor(out, DataType.INT32, shape(), 0);
        var rows = mean(Map.of("axes", new long[] {1}, "keepdims", 0L), tensor(DataType.INT32, shape(2, 3), 1, 2, 2, -1, -2, -2));
        assertTensor(rows, DataType.INT32, shape(2), 1, -1);
    }

    @Test
    void meanOfAnEmptyAxisIsNaN() {
        var out = mean(Map.of("axes", new long[] {1}), Tensor.zeros(DataType.FLOAT, 2, 0));
        assertTensor(out, DataType.FLOAT, shape(2, 1), Double.NaN, Double.NaN);
    }

    @Test
    void takesAxesFromTheConstantInputInOpset18() {
        Op op = OpHarness.create("ReduceMean", 18, 2, 1, Map.of());
        var out = OpHarness.of(op).input(iota(DataType.FLOAT, 2, 3)).constant(longs(0)).runSingle();
        assertTensor(out, DataType.FLOAT, shape(1, 3), 1.5, 2.5, 3.5);
    }

    @Test
    void noopWithEmptyAxesPassesTheInputThroughInOpset18() {
        Op op = OpHarness.create("ReduceMean", 18, 1, 1, Map.of("noop_with_empty_axes", 1L));
        var out = OpHarness.of(op).input(iota(DataType.FLOAT, 2, 2)).runSingle();
        assertTensor(out, DataType.FLOAT, shape(2, 2), 0, 1, 2, 3);
    }

    @Test
    void rejectsAnAxesInputBeforeOpset18() {
        assertThrows(OpException.class, () -> OpHarness.create("ReduceMean", 13, 2, 1, Map.of()));
    }

    @Test
    void rejectsAnAxesAttributeFromOpset18() {
        assertThrows(OpException.class, () -> OpHarness.create("ReduceMean", 18, 1, 1, Map.of("axes", new long[] {0})));
    }

    @Test
    void rejectsAKeepdimsThatIsNotABoolean() {
        assertThrows(OpException.class, () -> OpHarness.create("ReduceMean", 13, 1, 1, Map.of("keepdims", 2L)));
    }

    @Test
    void rejectsAnAxisOutOfRange() {
        assertThrows(OpException.class, () -> mean(Map.of("axes", new long[] {2}), iota(DataType.FLOAT, 2, 3)));
    }
}
