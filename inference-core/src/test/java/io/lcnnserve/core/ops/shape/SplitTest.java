package io.lcnnserve.core.ops.shape;

import static io.lcnnserve.core.ops.OpHarness.assertTensor;
import static io.lcnnserve.core.ops.OpHarness.iota;
import static io.lcnnserve.core.ops.OpHarness.longs;
import static io.lcnnserve.core.ops.OpHarness.shape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.ops.OpHarness;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SplitTest {

    @Test
    void dividesTheAxisEquallyWithoutSizes() {
        var op = OpHarness.create("Split", 13, 1, 3, Map.of());
        Tensor[] outs = OpHarness.of(op).input(iota(DataType.FLOAT, 6)).run();
        assertEquals(3, outs.length);
        assertTensor(outs[0], DataType.FLOAT, shape(2), 0, 1);
        assertTensor(outs[1], DataType.FLOAT, shape(2), 2, 3);
        assertTensor(outs[2], DataType.FLOAT, shape(2), 4, 5);
    }

    @Test
    void takesSizesFromTheConstantInputFromOpset13() {
        var op = OpHarness.create("Split", 13, 2, 2, Map.of("axis", 1L));
        Tensor[] outs = OpHarness.of(op).input(iota(DataType.FLOAT, 2, 6)).constant(longs(2, 4)).run();
        assertTensor(outs[0], DataType.FLOAT, shape(2, 2), 0, 1, 6, 7);
        assertTensor(outs[1], DataType.FLOAT, shape(2, 4), 2, 3, 4, 5, 8, 9, 10, 11);
    }

    @Test
    void takesSizesFromTheAttributeBeforeOpset13() {
        var op = OpHarness.create("Split", 11, 1, 2, Map.of("axis", 0L, "split", new long[] {1, 2}));
        Tensor[] outs = OpHarness.of(op).input(iota(DataType.INT64, 3, 2)).run();
        assertTensor(outs[0], DataType.INT64, shape(1, 2), 0, 1);
        assertTensor(outs[1], DataType.INT64, shape(2, 2), 2, 3, 4, 5);
    }

    @Test
    void negativeAxisCountsFromTheEnd() {
        var op = OpHarness.create("Split", 13, 1, 2, Map.of("axis", -1L));
        Tensor[] outs = OpHarness.of(op).input(iota(DataType.FLOAT, 2, 2)).run();
        assertTensor(outs[0], DataType.FLOAT, shape(2, 1), 0, 2);
        assertTensor(outs[1], DataType.FLOAT, shape(2, 1), 1, 3);
    }

    @Test
    void numOutputsMakesTheLastChunkSmallerInOpset18() {
        var op = OpHarness.create("Split", 18, 1, 2, Map.of("num_outputs", 2L));
        Tensor[] outs = OpHarness.of(op).input(iota(DataType.FLOAT, 5)).run();
        assertTensor(outs[0], DataType.FLOAT, shape(3), 0, 1, 2);
        assertTensor(outs[1], DataType.FLOAT, shape(2), 3, 4);
    }

    @Test
    void allowsZeroSizedPieces() {
        var op = OpHarness.create("Split", 13, 2, 2, Map.of());
        Tensor[] outs = OpHarness.of(op).input(iota(DataType.FLOAT, 3)).constant(longs(0, 3)).run();
        assertTensor(outs[0], DataType.FLOAT, shape(0));
        assertTensor(outs[1], DataType.FLOAT, shape(3), 0, 1, 2);
    }

    @ParameterizedTest
    @EnumSource(DataType.class)
    void copiesEveryElementType(DataType type) {
        var op = OpHarness.create("Split", 13, 1, 2, Map.of());
        Tensor[] outs = OpHarness.of(op).input(iota(type, 4)).run();
        assertTensor(outs[0], type, shape(2), 0, 1);
        assertTensor(outs[1], type, shape(2), type == DataType.BOOL ? 1 : 2, type == DataType.BOOL ? 1 : 3);
    }

    @Test
    void rejectsSizesThatDoNotCoverTheAxis() {
        var op = OpHarness.create("Split", 13, 2, 2, Map.of());
        var run = OpHarness.of(op).input(iota(DataType.FLOAT, 6)).constant(longs(2, 3));
        assertThrows(OpException.class, run::infer);
    }

    @Test
    void rejectsAnAxisThatDoesNotDivideEqually() {
        var op = OpHarness.create("Split", 13, 1, 4, Map.of());
        assertThrows(OpException.class, () -> OpHarness.of(op).input(iota(DataType.FLOAT, 6)).infer());
    }

    @Test
    void rejectsSizesKnownOnlyAtRunTime() {
        var op = OpHarness.create("Split", 13, 2, 2, Map.of());
        var run = OpHarness.of(op).input(iota(DataType.FLOAT, 6)).input(longs(3, 3));
        OpException e = assertThrows(OpException.class, run::infer);
        assertEquals(true, e.getMessage().contains("constant"), e.getMessage());
    }

    @Test
    void rejectsNumOutputsThatDisagreesWithTheNode() {
        assertThrows(OpException.class, () -> OpHarness.create("Split", 18, 1, 2, Map.of("num_outputs", 3L)));
    }

    @Test
    void rejectsTheSplitAttributeFromOpset13() {
        assertThrows(OpException.class, () -> OpHarness.create("Split", 13, 1, 2, Map.of("split", new long[] {1, 1})));
    }
}
