package io.lcnnserve.core.ops.shape;

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

class UnsqueezeTest {

    private static final Op UNSQUEEZE = OpHarness.create("Unsqueeze", 13, 2, 1, Map.of());

    private static int[] unsqueezed(long... axes) {
        return OpHarness.of(UNSQUEEZE).input(Tensor.zeros(DataType.FLOAT, 3, 2)).constant(longs(axes)).infer().getFirst().shape();
    }

    @Test
    void insertsSizeOneAxesAtOutputPositions() {
        assertArrayEquals(shape(1, 3, 2, 1), unsqueezed(0, 3));
    }

    @Test
    void negativeAxesCountFromTheEndOfTheOutput() {
        assertArrayEquals(shape(3, 2, 1), unsqueezed(-1));
        assertArrayEquals(shape(3, 1, 2), unsqueezed(-2));
    }

    @Test
    void acceptsUnsortedAxes() {
        assertArrayEquals(shape(1, 3, 1, 2), unsqueezed(2, 0));
    }

    @Test
    void readsTheAxesAttributeBeforeOpset13() {
        var op = OpHarness.create("Unsqueeze", 11, 1, 1, Map.of("axes", new long[] {1}));
        var out = OpHarness.of(op).input(iota(DataType.INT32, 2)).runSingle();
        assertTensor(out, DataType.INT32, shape(2, 1), 0, 1);
    }

    @Test
    void turnsAnInt64ScalarIntoAVector() {
        var out = OpHarness.of(UNSQUEEZE).constant(Tensor.ofLongs(new long[] {-1})).constant(longs(0)).runSingle();
        assertTensor(out, DataType.INT64, shape(1), -1);
    }

    @Test
    void rejectsARepeatedAxis() {
        assertThrows(OpException.class, () -> unsqueezed(1, -3));
    }

    @Test
    void rejectsAnAxisPastTheOutputRank() {
        assertThrows(OpException.class, () -> unsqueezed(3));
    }

    @Test
    void requiresAxes() {
        assertThrows(OpException.class, () -> OpHarness.create("Unsqueeze", 11, 1, 1, Map.of()));
        assertThrows(OpException.class, () -> OpHarness.create("Unsqueeze", 13, 1, 1, Map.of()));
    }
}
