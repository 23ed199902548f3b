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
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ConcatTest {

    private static Op concat(long axis, int inputs) {
        return OpHarness.create("Concat", 13, inputs, 1, Map.of("axis", axis));
    }

    @Test
    void joinsRowsAlongAxisOne() {
        var out = OpHarness.of(concat(1, 2))
            .input(iota(DataType.FLOAT, 2, 2))
            .input(tensor(DataType.FLOAT, shape(2, 1), 10, 11))
            .runSingle();
        assertTensor(out, DataType.FLOAT, shape(2, 3), 0, 1, 10, 2, 3, 11);
    }

    @Test
    void negativeAxisCountsFromTheEnd() {
        var out = OpHarness.of(concat(-2, 2))
            .input(tensor(DataType.FLOAT, shape(1, 2), 7, 8))
            .input(iota(DataType.FLOAT, 2, 2))
            .runSingle();
        assertTensor(out, DataType.FLOAT, shape(3, 2), 7, 8, 0, 1, 2, 3);
    }

    @Test
    void joinsThreeInputsOnTheLastAxisOfA3dTensor() {
        var out = OpHarness.of(concat(2, 3))
            .input(iota(DataType.FLOAT, 2, 1, 1))
            .input(tensor(DataType.FLOAT, shape(2, 1, 2), 10, 11, 12, 13))
            .input(tensor(DataType.FLOAT, shape(2, 1, 1), 20, 21))
            .runSingle();
        assertTensor(out, DataType.FLOAT, shape(2, 1, 4), 0, 10, 11, 20, 1, 12, 13, 21);
    }

    @Test
    void buildsAnInt64ShapeFromConstants() {
        var out = OpHarness.of(concat(0, 2)).constant(longs(1, -1)).constant(longs(7)).runSingle();
        assertTensor(out, DataType.INT64, shape(3), 1, -1, 7);
    }

    @Test
    void acceptsAnInputThatIsEmptyAlongTheAxis() {
        var out = OpHarness.of(concat(1, 2))
            .input(iota(DataType.FLOAT, 2, 0))
            .input(iota(DataType.FLOAT, 2, 2))
            .runSingle();
        assertTensor(out, DataType.FLOAT, shape(2, 2), 0, 1, 2, 3);
    }

    @ParameterizedTest
    @EnumSource(DataType.class)
    void copiesEveryElementType(DataType type) {
        var out = OpHarness.of(concat(0, 2)).input(iota(type, 2)).input(iota(type, 1)).runSingle();
        assertTensor(out, type, shape(3), 0, 1, 0);
    }

    @Test
    void rejectsInputsThatDifferOffTheAxis() {
        var run = OpHarness.of(concat(1, 2)).input(iota(DataType.FLOAT, 2, 2)).input(iota(DataType.FLOAT, 3, 2));
        assertThrows(OpException.class, run::infer);
    }

    @Test
    void rejectsMixedElementTypes() {
        var run = OpHarness.of(concat(0, 2)).input(iota(DataType.FLOAT, 2)).input(iota(DataType.INT64, 2));
        assertThrows(OpException.class, run::infer);
    }

    @Test
    void requiresTheAxisAttributeFromOpset4() {
        assertThrows(OpException.class, () -> OpHarness.create("Concat", 13, 2, 1, Map.of()));
    }
}
