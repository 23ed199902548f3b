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

class ReshapeTest {

    private static Op reshape() {
        return OpHarness.create("Reshape", 14, 2, 1, Map.of());
    }

    private static int[] inferred(Op op, int[] input, long... target) {
        return OpHarness.of(op).input(Tensor.zeros(DataType.FLOAT, input)).constant(longs(target)).infer().getFirst().shape();
    }

    @Test
    void keepsTheElementsInRowMajorOrder() {
        var out = OpHarness.of(reshape()).input(iota(DataType.INT64, 2, 3)).constant(longs(3, 2)).runSingle();
        assertTensor(out, DataType.INT64, shape(3, 2), 0, 1, 2, 3, 4, 5);
    }

    @Test
    void zeroCopiesTheInputDimAndMinusOneIsInferred() {
        assertArrayEquals(shape(2, 12), inferred(reshape(), shape(2, 3, 4), 0, -1));
        assertArrayEquals(shape(6, 4), inferred(reshape(), shape(2, 3, 4), -1, 4));
        assertArrayEquals(shape(2, 3, 1, 4), inferred(reshape(), shape(2, 3, 4), 0, 0, 1, -1));
    }

    @Test
    void emptyTargetMakesAScalar() {
        var out = OpHarness.of(reshape()).input(iota(DataType.FLOAT, 1, 1)).constant(longs()).runSingle();
        assertTensor(out, DataType.FLOAT, shape(), 0);
    }

    @Test
    void allowZeroKeepsZeroAsALiteralDim() {
        Op op = OpHarness.create("Reshape", 14, 2, 1, Map.of("allowzero", 1L));
        assertArrayEquals(shape(3, 4, 0), inferred(op, shape(0, 3, 4), 3, 4, 0));
    }

    @Test
    void readsTheShapeAttributeBeforeOpset5() {
        Op op = OpHarness.create("Reshape", 4, 1, 1, Map.of("shape", new long[] {4, -1}));
        var out = OpHarness.of(op).input(iota(DataType.FLOAT, 2, 2)).runSingle();
        assertTensor(out, DataType.FLOAT, shape(4, 1), 0, 1, 2, 3);
    }

    @Test
    void rejectsZeroCopyingADimTheInputLacks() {
        assertThrows(OpException.class, () -> inferred(reshape(), shape(6), 2, 0, 3));
    }

    @Test
    void rejectsTwoInferredDims() {
        assertThrows(OpException.class, () -> inferred(reshape(), shape(2, 3), -1, -1));
    }

    @Test
    void rejectsAnElementCountChange() {
        assertThrows(OpException.class, () -> inferred(reshape(), shape(2, 3), 4, 2));
        assertThrows(OpException.class, () -> inferred(reshape(), shape(2, 3), 4, -1));
    }

    @Test
    void rejectsAShapeKnownOnlyAtRunTime() {
        var run = OpHarness.of(reshape()).input(iota(DataType.FLOAT, 4)).input(longs(2, 2));
        assertThrows(OpException.class, run::infer);
    }

    @Test
    void rejectsAllowZeroBeforeOpset14() {
        assertThrows(OpException.class, () -> OpHarness.create("Reshape", 13, 2, 1, Map.of("allowzero", 1L)));
    }
}
