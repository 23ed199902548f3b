package io.lcnnserve.core.ops.reduce;

import static io.lcnnserve.core.ops.OpHarness.assertTensor;
import static io.lcnnserve.core.ops.OpHarness.iota;
import static io.lcnnserve.core.ops.OpHarness.longs;
import static io.lcnnserve.core.ops.OpHarness.shape;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lcnnserve.core.ops.Op;
import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.ops.OpHarness;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReduceSumTest {

    private static Op sum(Map<String, Object> attributes, int inputs) {
        return OpHarness.create("ReduceSum", 13, inputs, 1, attributes);
    }

    @Test
    void sumsTheAxesGivenAsConstantInput() {
        // [2, 2, 3]: summing axes 0 and 2 leaves one value per middle index.
        var out = OpHarness.of(sum(Map.of(), 2)).input(iota(DataType.FLOAT, 2, 2, 3)).constant(longs(0, -1)).runSingle();
        assertTensor(out, DataType.FLOAT, shape(1, 2, 1), 0 + 1 + 2 + 6 + 7 + 8, 3 + 4 + 5 + 9 + 10 + 11);
    }

    @Test
    void withoutAxesSumsEverything() {
        var out = OpHarness.of(sum(Map.of("keepdims", 0L), 1)).input(iota(DataType.FLOAT, 2, 3)).runSingle();
        assertTensor(out, DataType.FLOAT, shape(), 15);
    }

    @Test
    void anEmptyAxesInputAlsoSumsEverything() {
        var out = OpHarness.of(sum(Map.of(), 2)).input(iota(DataType.FLOAT, 2, 3)).constant(longs()).runSingle();
        assertTensor(out, DataType.FLOAT, shape(1, 1), 15);
    }

    @Test
    void noopWithEmptyAxesPassesTheInputThrough() {
        var out = OpHarness.of(sum(Map.of("noop_with_empty_axes", 1L), 2)).input(iota(DataType.INT32, 3))
            .constant(longs()).runSingle();
        assertTensor(out, DataType.INT32, shape(3), 0, 1, 2);
    }

    @Test
    void sumsInt64ValuesExactly() {
        long big = (1L << 53) + 1;
        var out = OpHarness.of(sum(Map.of("keepdims", 0L), 1)).input(longs(big, 1, -3)).runSingle();
        assertArrayEquals(new long[] {big - 2}, out.longs());
    }

    @Test
    void sumOfAnEmptyAxisIsZero() {
        var out = OpHarness.of(sum(Map.of(), 2)).input(Tensor.zeros(DataType.FLOAT, 2, 0)).constant(longs(1)).runSingle();
        assertTensor(out, DataType.FLOAT, shape(2, 1), 0, 0);
    }

    @Test
    void readsTheAxesAttributeBeforeOpset13() {
        Op op = OpHarness.create("ReduceSum", 11, 1, 1, Map.of("axes", new long[] {0}, "keepdims", 0L));
        var out = OpHarness.of(op).input(iota(DataType.FLOAT, 2, 2)).runSingle();
        assertTensor(out, DataType.FLOAT, shape(2), 2, 4);
    }

    @Test
    void rejectsAxesKnownOnlyAtRunTime() {
        var run = OpHarness.of(sum(Map.of(), 2)).input(iota(DataType.FLOAT, 2)).input(longs(0));
        assertThrows(OpException.class, run::infer);
    }

    @Test
    void rejectsNoopWithEmptyAxesBeforeOpset13() {
        assertThrows(OpException.class,
            () -> OpHarness.create("ReduceSum", 11, 1, 1, Map.of("noop_with_empty_axes", 1L)));
    }

    @Test
    void rejectsARepeatedAxis() {
        var run = OpHarness.of(sum(Map.of(), 2)).input(iota(DataType.FLOAT, 2, 2)).constant(longs(1, -1));
        assertThrows(OpException.class, run::infer);
    }
}
