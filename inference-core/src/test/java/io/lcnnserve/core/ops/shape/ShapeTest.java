package io.lcnnserve.core.ops.shape;

import static io.lcnnserve.core.ops.OpHarness.assertTensor;
import static io.lcnnserve.core.ops.OpHarness.shape;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.ops.OpHarness;
import io.lcnnserve.core.ops.TensorInfo;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShapeTest {

    private static Tensor shapeOf(Map<String, Object> attributes) {
        var op = OpHarness.create("Shape", 15, 1, 1, attributes);
        return OpHarness.of(op).input(Tensor.zeros(DataType.UINT8, 2, 3, 4)).runSingle();
    }

    @Test
    void givesAllDimsAsInt64() {
        assertTensor(shapeOf(Map.of()), DataType.INT64, shape(3), 2, 3, 4);
    }

    @Test
    void isKnownAtPlanTimeAsAConstant() {
        var op = OpHarness.create("Shape", 13, 1, 1, Map.of());
        TensorInfo info = OpHarness.of(op).input(Tensor.zeros(DataType.FLOAT, 1, 3, 7, 7)).infer().getFirst();
        assertTensor(info.constant(), DataType.INT64, shape(4), 1, 3, 7, 7);
    }

    @Test
    void startAndEndSelectDims() {
        assertTensor(shapeOf(Map.of("start", 1L)), DataType.INT64, shape(2), 3, 4);
        assertTensor(shapeOf(Map.of("end", -1L)), DataType.INT64, shape(2), 2, 3);
        assertTensor(shapeOf(Map.of("start", 1L, "end", 2L)), DataType.INT64, shape(1), 3);
        assertTensor(shapeOf(Map.of("start", -1L)), DataType.INT64, shape(1), 4);
    }

    @Test
    void clampsStartAndEndToTheRank() {
        assertTensor(shapeOf(Map.of("start", -10L, "end", 10L)), DataType.INT64, shape(3), 2, 3, 4);
    }

    @Test
    void startAfterEndGivesAnEmptyShape() {
        assertTensor(shapeOf(Map.of("start", 2L, "end", 1L)), DataType.INT64, shape(0));
    }

    @Test
    void ofAScalarIsEmpty() {
        var op = OpHarness.create("Shape", 13, 1, 1, Map.of());
        assertTensor(OpHarness.of(op).input(Tensor.scalar(1)).runSingle(), DataType.INT64, shape(0));
    }

    @Test
    void rejectsStartBeforeOpset15() {
        assertThrows(OpException.class, () -> OpHarness.create("Shape", 13, 1, 1, Map.of("start", 1L)));
    }
}
