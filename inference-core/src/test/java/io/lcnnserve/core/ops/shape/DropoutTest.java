package io.lcnnserve.core.ops.shape;

import static io.lcnnserve.core.ops.OpHarness.assertTensor;
import static io.lcnnserve.core.ops.OpHarness.iota;
import static io.lcnnserve.core.ops.OpHarness.shape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.ops.OpHarness;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DropoutTest {

    private static Tensor bool(boolean value) {
        return Tensor.ofBytes(DataType.BOOL, new byte[] {(byte) (value ? 1 : 0)});
    }

    @Test
    void passesTheInputThroughAndIgnoresTheSeed() {
        var op = OpHarness.create("Dropout", 13, 1, 1, Map.of("seed", 0L));
        var out = OpHarness.of(op).input(iota(DataType.FLOAT, 2, 2)).runSingle();
        assertTensor(out, DataType.FLOAT, shape(2, 2), 0, 1, 2, 3);
    }

    @Test
    void maskIsAllTrueBool() {
        var op = OpHarness.create("Dropout", 13, 3, 2, Map.of());
        Tensor[] outs = OpHarness.of(op).input(iota(DataType.FLOAT, 3))
            .constant(Tensor.scalar(0.5f)).constant(bool(false)).run();
        assertTensor(outs[0], DataType.FLOAT, shape(3), 0, 1, 2);
        assertTensor(outs[1], DataType.BOOL, shape(3), 1, 1, 1);
    }

    @Test
    void maskHasTheInputTypeBeforeOpset10() {
        var op = OpHarness.create("Dropout", 7, 1, 2, Map.of("ratio", 0.2f));
        Tensor[] outs = OpHarness.of(op).input(iota(DataType.FLOAT, 2)).run();
        assertTensor(outs[1], DataType.FLOAT, shape(2), 1, 1);
    }

    @Test
    void rejectsConstantTrainingModeAtPlanTime() {
        var op = OpHarness.create("Dropout", 13, 3, 1, Map.of());
        var run = OpHarness.of(op).input(iota(DataType.FLOAT, 3)).missing().constant(bool(true));
        OpException e = assertThrows(OpException.class, run::infer);
        assertTrue(e.getMessage().contains("training"), e.getMessage());
    }

    @Test
    void rejectsTrainingModeGivenAtRunTime() {
        var op = OpHarness.create("Dropout", 13, 3, 1, Map.of());
        var run = OpHarness.of(op).input(iota(DataType.FLOAT, 3)).missing().input(bool(true));
        assertEquals(1, run.infer().size());
        assertThrows(OpException.class, run::run);
    }

    @Test
    void rejectsTheRatioAttributeFromOpset12() {
        assertThrows(OpException.class, () -> OpHarness.create("Dropout", 12, 1, 1, Map.of("ratio", 0.5f)));
    }
}
