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

class SliceTest {

    private static Op slice(int inputs) {
        return OpHarness.create("Slice", 13, inputs, 1, Map.of());
    }

    @Test
    void takesRowsAndEveryOtherColumn() {
        var out = OpHarness.of(slice(5)).input(iota(DataType.FLOAT, 3, 4))
            .constant(longs(1, 0)).constant(longs(3, 3)).constant(longs(0, 1)).constant(longs(1, 2))
            .runSingle();
        assertTensor(out, DataType.FLOAT, shape(2, 2), 4, 6, 8, 10);
    }

    @Test
    void negativeStepWalksBackwardToTheStartWithInt64MinEnd() {
        var out = OpHarness.of(slice(5)).input(iota(DataType.FLOAT, 5))
            .constant(longs(-1)).constant(longs(Long.MIN_VALUE)).constant(longs(0)).constant(longs(-1))
            .runSingle();
        assertTensor(out, DataType.FLOAT, shape(5), 4, 3, 2, 1, 0);
    }

    @Test
    void negativeStepOfTwoStopsBeforeTheEnd() {
        var out = OpHarness.of(slice(5)).input(iota(DataType.FLOAT, 5))
            .constant(longs(4)).constant(longs(0)).constant(longs(0)).constant(longs(-2))
            .runSingle();
        assertTensor(out, DataType.FLOAT, shape(2), 4, 2);
    }

    @Test
    void negativeStepClampsAStartPastTheEnd() {
        var out = OpHarness.of(slice(5)).input(iota(DataType.FLOAT, 4))
            .constant(longs(100)).constant(longs(-100)).constant(longs(0)).constant(longs(-3))
            .runSingle();
        assertTensor(out, DataType.FLOAT, shape(2), 3, 0);
    }

    @Test
    void int64MaxEndMeansToTheEnd() {
        var out = OpHarness.of(slice(3)).input(iota(DataType.FLOAT, 5))
            .constant(longs(2)).constant(longs(Long.MAX_VALUE))
            .runSingle();
        assertTensor(out, DataType.FLOAT, shape(3), 2, 3, 4);
    }

    @Test
    void clampsAnEndPastTheAxis() {
        var out = OpHarness.of(slice(3)).input(iota(DataType.FLOAT, 5)).constant(longs(1)).constant(longs(1000)).runSingle();
        assertTensor(out, DataType.FLOAT, shape(4), 1, 2, 3, 4);
    }

    @Test
    void startPastTheAxisGivesAnEmptySlice() {
        var out = OpHarness.of(slice(3)).input(iota(DataType.FLOAT, 2, 5)).constant(longs(0, 10)).constant(longs(2, 20)).runSingle();
        assertTensor(out, DataType.FLOAT, shape(2, 0));
    }

    @Test
    void negativeStartCountsFromTheEnd() {
        var out = OpHarness.of(slice(3)).input(iota(DataType.FLOAT, 5)).constant(longs(-2)).constant(longs(5)).runSingle();
        assertTensor(out, DataType.FLOAT, shape(2), 3, 4);
    }

    @Test
    void negativeAxisCountsFromTheEnd() {
        var out = OpHarness.of(slice(4)).input(iota(DataType.FLOAT, 3, 4))
            .constant(longs(1)).constant(longs(3)).constant(longs(-1))
            .runSingle();
        assertTensor(out, DataType.FLOAT, shape(3, 2), 1, 2, 5, 6, 9, 10);
    }

    @Test
    void withoutAxesSlicesTheLeadingAxes() {
        var out = OpHarness.of(slice(3)).input(iota(DataType.FLOAT, 3, 4)).constant(longs(0, 1)).constant(longs(2, 3)).runSingle();
        assertTensor(out, DataType.FLOAT, shape(2, 2), 1, 2, 5, 6);
    }

    @Test
    void omittedAxesInputStillTakesSteps() {
        var out = OpHarness.of(slice(5)).input(iota(DataType.FLOAT, 6))
            .constant(longs(0)).constant(longs(6)).missing().constant(longs(3))
            .runSingle();
        assertTensor(out, DataType.FLOAT, shape(2), 0, 3);
    }

    @Test
    void acceptsInt32Parameters() {
        var out = OpHarness.of(slice(3)).input(iota(DataType.FLOAT, 4))
            .constant(Tensor.ofInts(new int[] {1}, 1)).constant(Tensor.ofInts(new int[] {3}, 1))
            .runSingle();
        assertTensor(out, DataType.FLOAT, shape(2), 1, 2);
    }

    @Test
    void readsStartsEndsAndAxesAttributesBeforeOpset10() {
        var op = OpHarness.create("Slice", 9, 1, 1, Map.of("starts", new long[] {1}, "ends", new long[] {-1}, "axes", new long[] {1}));
        var out = OpHarness.of(op).input(iota(DataType.FLOAT, 2, 4)).runSingle();
        assertTensor(out, DataType.FLOAT, shape(2, 2), 1, 2, 5, 6);
    }

    @Test
    void slicesAnInt64ShapeTensorAsAConstant() {
        var out = OpHarness.of(slice(3)).constant(longs(1, 3, 224, 224)).constant(longs(2)).constant(longs(4)).runSingle();
        assertTensor(out, DataType.INT64, shape(2), 224, 224);
    }

    @ParameterizedTest
    @EnumSource(DataType.class)
    void copiesEveryElementType(DataType type) {
        var out = OpHarness.of(slice(5)).input(iota(type, 3))
            .constant(longs(-1)).constant(longs(Long.MIN_VALUE)).constant(longs(0)).constant(longs(-2))
            .runSingle();
        double last = type == DataType.BOOL ? 1 : 2;
        assertTensor(out, type, shape(2), last, 0);
    }

    @Test
    void rejectsAZeroStep() {
        var run = OpHarness.of(slice(5)).input(iota(DataType.FLOAT, 4))
            .constant(longs(0)).constant(longs(4)).constant(longs(0)).constant(longs(0));
        assertThrows(OpException.class, run::infer);
    }

    @Test
    void rejectsStartsKnownOnlyAtRunTime() {
        var run = OpHarness.of(slice(3)).input(iota(DataType.FLOAT, 4)).input(longs(0)).constant(longs(4));
        assertThrows(OpException.class, run::infer);
    }

    @Test
    void rejectsParameterListsOfDifferentLengths() {
        var run = OpHarness.of(slice(3)).input(iota(DataType.FLOAT, 4, 4)).constant(longs(0, 1)).constant(longs(4));
        assertThrows(OpException.class, run::infer);
    }

    @Test
    void rejectsARepeatedAxis() {
        var run = OpHarness.of(slice(4)).input(iota(DataType.FLOAT, 4, 4))
            .constant(longs(0, 1)).constant(longs(4, 4)).constant(longs(1, -1));
        assertThrows(OpException.class, run::infer);
    }
}
