package io.lcnnserve.core.ops.shape;

import static io.lcnnserve.core.ops.OpHarness.assertTensor;
import static io.lcnnserve.core.ops.OpHarness.iota;
import static io.lcnnserve.core.ops.OpHarness.longs;
import static io.lcnnserve.core.ops.OpHarness.shape;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.ops.OpHarness;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SqueezeTest {

    private static final Tensor INPUT = iota(DataType.FLOAT, 1, 3, 1, 2);

    @Test
    void withoutAxesRemovesEverySizeOneAxis() {
        var op = OpHarness.create("Squeeze", 13, 1, 1, Map.of());
        var out = OpHarness.of(op).input(INPUT).runSingle();
        assertTensor(out, DataType.FLOAT, shape(3, 2), 0, 1, 2, 3, 4, 5);
    }

    @Test
    void removesTheAxesGivenAsConstantInputIncludingNegativeOnes() {
        var op = OpHarness.create("Squeeze", 13, 2, 1, Map.of());
        var out = OpHarness.of(op).input(INPUT).constant(longs(-2)).runSingle();
        assertTensor(out, DataType.FLOAT, shape(1, 3, 2), 0, 1, 2, 3, 4, 5);
    }

    @Test
    void readsTheAxesAttributeBeforeOpset13() {
        var op = OpHarness.create("Squeeze", 11, 1, 1, Map.of("axes", new long[] {0}));
        assertArrayEquals(shape(3, 1, 2), OpHarness.of(op).input(INPUT).infer().getFirst().shape());
    }

    @Test
    void keepsInt64Values() {
        var op = OpHarness.create("Squeeze", 13, 2, 1, Map.of());
        var out = OpHarness.of(op).constant(Tensor.ofLongs(new long[] {42}, 1)).constant(longs(0)).runSingle();
        assertTensor(out, DataType.INT64, shape(), 42);
    }

    @Test
    void rejectsSqueezingAnAxisLargerThanOne() {
        var op = OpHarness.create("Squeeze", 13, 2, 1, Map.of());
        assertThrows(OpException.class, () -> OpHarness.of(op).input(INPUT).constant(longs(1)).infer());
    }

    @Test
    void rejectsAxesKnownOnlyAtRunTime() {
        var op = OpHarness.create("Squeeze", 13, 2, 1, Map.of());
        assertThrows(OpException.class, () -> OpHarness.of(op).input(INPUT).input(longs(0)).infer());
    }

    @Test
    void rejectsTheAxesAttributeFromOpset13() {
        assertThrows(OpException.class, () -> OpHarness.create("Squeeze", 13, 1, 1, Map.of("axes", new long[] {0})));
    }
}
