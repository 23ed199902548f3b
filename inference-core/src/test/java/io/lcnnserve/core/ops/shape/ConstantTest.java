package io.lcnnserve.core.ops.shape;

import static io.lcnnserve.core.ops.OpHarness.assertTensor;
import static io.lcnnserve.core.ops.OpHarness.iota;
import static io.lcnnserve.core.ops.OpHarness.shape;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.ops.OpHarness;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConstantTest {

    private static Tensor constant(int opset, Map<String, Object> attributes) {
        return OpHarness.of(OpHarness.create("Constant", opset, 0, 1, attributes)).runSingle();
    }

    @Test
    void outputsTheValueTensor() {
        assertTensor(constant(13, Map.of("value", iota(DataType.INT32, 2, 2))), DataType.INT32, shape(2, 2), 0, 1, 2, 3);
    }

    @Test
    void isKnownAtPlanTime() {
        var op = OpHarness.create("Constant", 13, 0, 1, Map.of("value", iota(DataType.FLOAT, 3)));
        assertTensor(op.inferOutputs(List.of()).getFirst().constant(), DataType.FLOAT, shape(3), 0, 1, 2);
    }

    @Test
    void valueFloatIsAFloatScalar() {
        assertTensor(constant(13, Map.of("value_float", 2.5f)), DataType.FLOAT, shape(), 2.5);
    }

    @Test
    void valueFloatsIsAFloatVector() {
        assertTensor(constant(13, Map.of("value_floats", new float[] {1, -2})), DataType.FLOAT, shape(2), 1, -2);
    }

    @Test
    void valueIntIsAnInt64Scalar() {
        assertTensor(constant(13, Map.of("value_int", 7L)), DataType.INT64, shape(), 7);
    }

    @Test
    void valueIntsIsAnInt64Vector() {
        assertTensor(constant(13, Map.of("value_ints", new long[] {1, 0, -1})), DataType.INT64, shape(3), 1, 0, -1);
    }

    @Test
    void rejectsSparseValuesClearly() {
        OpException e = assertThrows(OpException.class,
            () -> OpHarness.create("Constant", 13, 0, 1, Map.of("sparse_value", iota(DataType.FLOAT, 1))));
        assertTrue(e.getMessage().contains("sparse"), e.getMessage());
    }

    @Test
    void rejectsStringValuesClearly() {
        OpException e = assertThrows(OpException.class,
            () -> OpHarness.create("Constant", 13, 0, 1, Map.of("value_strings", List.of("a"))));
        assertTrue(e.getMessage().contains("string"), e.getMessage());
    }

    @Test
    void rejectsNoValueOrTwoValues() {
        assertThrows(OpException.class, () -> OpHarness.create("Constant", 13, 0, 1, Map.of()));
        assertThrows(OpException.class,
            () -> OpHarness.create("Constant", 13, 0, 1, Map.of("value_int", 1L, "value_float", 1f)));
    }

    @Test
    void rejectsValueIntBeforeOpset12() {
        assertThrows(OpException.class, () -> OpHarness.create("Constant", 11, 0, 1, Map.of("value_int", 1L)));
    }
}
