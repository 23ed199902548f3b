package io.lcnnserve.core.ops.shape;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PadTest {

    private static Op pad(String mode, int inputs) {
        return OpHarness.create("Pad", 13, inputs, 1, Map.of("mode", mode));
    }

    @Test
    void constantModeFillsWithTheConstantValue() {
        // pads = [row_begin, col_begin, row_end, col_end]
        var out = OpHarness.of(pad("constant", 3)).input(iota(DataType.FLOAT, 2, 2))
            .constant(longs(0, 1, 1, 0)).input(Tensor.scalar(9)).runSingle();
        assertTensor(out, DataType.FLOAT, shape(3, 3), 9, 0, 1, 9, 2, 3, 9, 9, 9);
    }

    @Test
    void constantValueDefaultsToZero() {
        var out = OpHarness.of(pad("constant", 2)).input(tensor(DataType.FLOAT, shape(2), 5, 6))
            .constant(longs(1, 2)).runSingle();
        assertTensor(out, DataType.FLOAT, shape(5), 0, 5, 6, 0, 0);
    }

    @Test
    void negativePadsCrop() {
        var out = OpHarness.of(pad("constant", 2)).input(iota(DataType.FLOAT, 4)).constant(longs(-1, 1)).runSingle();
        assertTensor(out, DataType.FLOAT, shape(4), 1, 2, 3, 0);
    }

    @Test
    void edgeModeRepeatsTheBorder() {
        var out = OpHarness.of(pad("edge", 2)).input(tensor(DataType.INT32, shape(1, 3), 1, 2, 3))
            .constant(longs(0, 2, 0, 1)).runSingle();
        assertTensor(out, DataType.INT32, shape(1, 6), 1, 1, 1, 2, 3, 3);
    }

    @Test
    void reflectModeMirrorsWithoutRepeatingTheBorder() {
        var out = OpHarness.of(pad("reflect", 2)).input(tensor(DataType.FLOAT, shape(1, 3), 1, 2, 3))
            .constant(longs(0, 2, 0, 2)).runSingle();
        assertTensor(out, DataType.FLOAT, shape(1, 7), 3, 2, 1, 2, 3, 2, 1);
    }

    @Test
    void reflectModeKeepsMirroringPadsWiderThanTheAxis() {
        var out = OpHarness.of(pad("reflect", 2)).input(tensor(DataType.FLOAT, shape(3), 1, 2, 3))
            .constant(longs(5, 0)).runSingle();
        assertTensor(out, DataType.FLOAT, shape(8), 2, 1, 2, 3, 2, 1, 2, 3);
    }

    @Test
    void padsBothSpatialAxesOfAnNchwTensor() {
        var out = OpHarness.of(pad("edge", 2)).input(iota(DataType.FLOAT, 1, 1, 2, 2))
            .constant(longs(0, 0, 1, 0, 0, 0, 0, 1)).runSingle();
        assertTensor(out, DataType.FLOAT, shape(1, 1, 3, 3), 0, 1, 1, 0, 1, 1, 2, 3, 3);
    }

    @Test
    void axesInputPadsOnlyTheNamedAxesInOpset18() {
        var op = OpHarness.create("Pad", 18, 4, 1, Map.of());
        var out = OpHarness.of(op).input(iota(DataType.FLOAT, 2, 2))
            .constant(longs(1, 0)).missing().constant(longs(-1)).runSingle();
        assertTensor(out, DataType.FLOAT, shape(2, 3), 0, 0, 1, 0, 2, 3);
    }

    @Test
    void readsPadsAndValueAttributesBeforeOpset11() {
        var op = OpHarness.create("Pad", 2, 1, 1, Map.of("pads", new long[] {1, 0}, "value", 1.5f));
        var out = OpHarness.of(op).input(iota(DataType.FLOAT, 2)).runSingle();
        assertTensor(out, DataType.FLOAT, shape(3), 1.5, 0, 1);
    }

    @Test
    void readsPaddingsInOpset1() {
        var op = OpHarness.create("Pad", 1, 1, 1, Map.of("paddings", new long[] {0, 1}));
        var out = OpHarness.of(op).input(iota(DataType.FLOAT, 1)).runSingle();
        assertTensor(out, DataType.FLOAT, shape(2), 0, 0);
    }

    @ParameterizedTest
    @EnumSource(DataType.class)
    void padsEveryElementType(DataType type) {
        var out = OpHarness.of(pad("constant", 3)).input(iota(type, 2))
            .constant(longs(1, 1)).input(OpHarness.tensor(type, shape(), 1)).runSingle();
        assertTensor(out, type, shape(4), 1, 0, 1, 1);
    }

    @Test
    void rejectsCroppingBelowZero() {
        var run = OpHarness.of(pad("constant", 2)).input(iota(DataType.FLOAT, 2)).constant(longs(-2, -1));
        assertThrows(OpException.class, run::infer);
    }

    @Test
    void rejectsPadsOfTheWrongLength() {
        var run = OpHarness.of(pad("constant", 2)).input(iota(DataType.FLOAT, 2, 2)).constant(longs(1, 1));
        assertThrows(OpException.class, run::infer);
    }

    @Test
    void rejectsPadsKnownOnlyAtRunTime() {
        var run = OpHarness.of(pad("constant", 2)).input(iota(DataType.FLOAT, 2)).input(longs(1, 1));
        assertThrows(OpException.class, run::infer);
    }

    @Test
    void rejectsAConstantValueOfAnotherType() {
        var run = OpHarness.of(pad("constant", 3)).input(iota(DataType.INT64, 2)).constant(longs(1, 1)).input(Tensor.scalar(0));
        assertThrows(OpException.class, run::infer);
    }

    @Test
    void rejectsUnsupportedModesAtLoad() {
        assertThrows(OpException.class, () -> OpHarness.create("Pad", 19, 2, 1, Map.of("mode", "wrap")));
    }
}
