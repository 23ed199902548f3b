package io.lcnnserve.core.ops.shape;

import static io.lcnnserve.core.ops.OpHarness.assertTensor;
import static io.lcnnserve.core.ops.OpHarness.iota;
import static io.lcnnserve.core.ops.OpHarness.longs;
import static io.lcnnserve.core.ops.OpHarness.shape;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lcnnserve.core.ops.Op;
import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.ops.OpHarness;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class GatherTest {

    private static Op gather(long axis) {
        return OpHarness.create("Gather", 13, 2, 1, Map.of("axis", axis));
    }

    @Test
    void picksRowsWithA2dIndexTensor() {
        var out = OpHarness.of(gather(0)).input(iota(DataType.FLOAT, 3, 2))
            .input(Tensor.ofLongs(new long[] {0, 1, 1, 2}, 2, 2)).runSingle();
        assertTensor(out, DataType.FLOAT, shape(2, 2, 2), 0, 1, 2, 3, 2, 3, 4, 5);
    }

    @Test
    void picksColumnsWithNegativeInt32Indices() {
        var out = OpHarness.of(gather(1)).input(iota(DataType.FLOAT, 3, 2))
            .input(Tensor.ofInts(new int[] {-1, 0}, 2)).runSingle();
        assertTensor(out, DataType.FLOAT, shape(3, 2), 1, 0, 3, 2, 5, 4);
    }

    @Test
    void negativeAxisCountsFromTheEnd() {
        var out = OpHarness.of(gather(-1)).input(iota(DataType.FLOAT, 2, 3)).input(longs(2)).runSingle();
        assertTensor(out, DataType.FLOAT, shape(2, 1), 2, 5);
    }

    @Test
    void aScalarIndexDropsTheAxis() {
        var out = OpHarness.of(gather(0)).input(iota(DataType.FLOAT, 3, 2)).input(Tensor.ofLongs(new long[] {2})).runSingle();
        assertTensor(out, DataType.FLOAT, shape(2), 4, 5);
    }

    @Test
    void picksOneDimOfAConstantShape() {
        var out = OpHarness.of(gather(0)).constant(longs(1, 3, 224, 224)).constant(Tensor.ofLongs(new long[] {0})).runSingle();
        assertTensor(out, DataType.INT64, shape(), 1);
    }

    @ParameterizedTest
    @EnumSource(DataType.class)
    void picksEveryElementType(DataType type) {
        var out = OpHarness.of(gather(0)).input(iota(type, 2)).input(longs(1, 0, 1)).runSingle();
        assertTensor(out, type, shape(3), 1, 0, 1);
    }

    @Test
    void rejectsAnOutOfRangeIndexAtRunTime() {
        var run = OpHarness.of(gather(0)).input(iota(DataType.FLOAT, 3)).input(longs(3));
        assertThrows(OpException.class, run::run);
        var negative = OpHarness.of(gather(0)).input(iota(DataType.FLOAT, 3)).input(longs(-4));
        assertThrows(OpException.class, negative::run);
    }

    @Test
    void rejectsAnOutOfRangeConstantIndexAtPlanTime() {
        var run = OpHarness.of(gather(0)).input(iota(DataType.FLOAT, 3)).constant(longs(5));
        assertThrows(OpException.class, run::infer);
    }

    @Test
    void rejectsFloatIndices() {
        var run = OpHarness.of(gather(0)).input(iota(DataType.FLOAT, 3)).input(Tensor.of(new float[] {1}, 1));
        assertThrows(OpException.class, run::infer);
    }
}
