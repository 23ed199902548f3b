package io.lcnnserve.core.ops.elementwise;

import static io.lcnnserve.core.ops.OpHarness.assertFloats;
import static io.lcnnserve.core.ops.OpHarness.create;
import static io.lcnnserve.core.ops.OpHarness.infer;
import static io.lcnnserve.core.ops.OpHarness.run1;
import static io.lcnnserve.core.ops.OpHarness.shape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SumTest {

    @Test
    void addsThreeInputs() {
        Tensor y = run1(create("Sum", 13, 3, Map.of()), Tensor.of(new float[] {3, 0, 2}, 3),
            Tensor.of(new float[] {1, 3, 4}, 3), Tensor.of(new float[] {2, 6, 6}, 3));
        assertFloats(shape(3), new float[] {6, 9, 12}, y, 0);
    }

    @Test
    void oneInputIsCopied() {
        Tensor y = run1(create("Sum", 13, 1, Map.of()), Tensor.of(new float[] {3, 0, 2}, 3));
        assertFloats(shape(3), new float[] {3, 0, 2}, y, 0);
    }

    @Test
    void broadcastsAllInputsToTheirCommonShape() {
        Tensor y = run1(create("Sum", 13, 3, Map.of()), Tensor.of(new float[] {1, 2, 3}, 3),
            Tensor.of(new float[] {10, 20}, 2, 1), Tensor.scalar(100));
        assertFloats(shape(2, 3), new float[] {111, 112, 113, 121, 122, 123}, y, 0);
    }

    @Test
    void firstInputIsBroadcastWhenItIsTheSmallest() {
        Tensor y = run1(create("Sum", 13, 2, Map.of()), Tensor.scalar(1), Tensor.of(new float[] {1, 2, 3, 4}, 2, 2));
        assertFloats(shape(2, 2), new float[] {2, 3, 4, 5}, y, 0);
    }

    @Test
    void beforeOpset8ShapesMustBeEqual() {
        OpException e = assertThrows(OpException.class, () -> infer(create("Sum", 6, 2, Map.of()),
            Tensor.zeros(DataType.FLOAT, 2, 3), Tensor.zeros(DataType.FLOAT, 3)));
        assertEquals("before opset 8 all input shapes must be equal, input 0 is [2, 3] and input 1 is [3]", e.getMessage());
    }

    @Test
    void opset1IgnoresConsumedInputs() {
        Tensor y = run1(create("Sum", 1, 2, Map.of("consumed_inputs", new long[] {0, 0})),
            Tensor.of(new float[] {1}, 1), Tensor.of(new float[] {2}, 1));
        assertFloats(shape(1), new float[] {3}, y, 0);
    }

    @Test
    void rejectsIntegerInputs() {
        Tensor ints = Tensor.ofLongs(new long[] {1}, 1);
        OpException e = assertThrows(OpException.class, () -> infer(create("Sum", 13, 2, Map.of()), ints, ints));
        assertEquals("element type INT64 is not supported (supported: [FLOAT])", e.getMessage());
    }

    @Test
    void rejectsMixedElementTypes() {
        OpException e = assertThrows(OpException.class, () -> infer(create("Sum", 13, 2, Map.of()),
            Tensor.scalar(1), Tensor.ofLongs(new long[] {1}, 1)));
        assertEquals("input 1 is INT64 but input 0 is FLOAT", e.getMessage());
    }
}
