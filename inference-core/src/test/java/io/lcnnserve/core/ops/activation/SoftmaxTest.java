package io.lcnnserve.core.ops.activation;

import static io.lcnnserve.core.ops.OpHarness.assertFloats;
import static io.lcnnserve.core.ops.OpHarness.create;
import static io.lcnnserve.core.ops.OpHarness.run1;
import static io.lcnnserve.core.ops.OpHarness.shape;
import static io.lcnnserve.core.ops.OpHarness.infer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SoftmaxTest {
    /** softmax([1, 2, 3]) */
    private static final float[] ONE_TWO_THREE = {0.09003057f, 0.24472847f, 0.66524096f};
    /** softmax([1, 2]) */
    private static final float[] ONE_TWO = {0.26894142f, 0.7310586f};

    @Test
    void opset13DefaultsToTheLastAxis() {
        Tensor y = run1(create("Softmax", 13, 1, Map.of()), Tensor.of(new float[] {1, 2, 3, 3, 2, 1}, 2, 3));
        float[] expected = {ONE_TWO_THREE[0], ONE_TWO_THREE[1], ONE_TWO_THREE[2], ONE_TWO_THREE[2], ONE_TWO_THREE[1], ONE_TWO_THREE[0]};
        assertFloats(shape(2, 3), expected, y, 1e-7f);
    }

    @Test
    void opset13NormalizesAlongAnInnerAxisOnly() {
        // [1, 2, 2] along axis 1: columns (1, 2) and (1, 2) are normalized independently.
        Tensor y = run1(create("Softmax", 13, 1, Map.of("axis", 1L)), Tensor.of(new float[] {1, 1, 2, 2}, 1, 2, 2));
        assertFloats(shape(1, 2, 2), new float[] {ONE_TWO[0], ONE_TWO[0], ONE_TWO[1], ONE_TWO[1]}, y, 1e-7f);
    }

    @Test
    void opset11CoercesToTwoDimensionsAtTheAxis() {
        // The same input and axis as above, but the 4 trailing elements form one row.
        Tensor y = run1(create("Softmax", 11, 1, Map.of("axis", 1L)), Tensor.of(new float[] {1, 1, 2, 2}, 1, 2, 2));
        float low = 0.13447072f;
        float high = 0.36552927f;
        assertFloats(shape(1, 2, 2), new float[] {low, low, high, high}, y, 1e-7f);
    }

    @Test
    void opset11DefaultsToAxisOne() {
        Tensor y = run1(create("Softmax", 11, 1, Map.of()), Tensor.of(new float[] {1, 2, 3, 2, 1, 3}, 2, 3));
        float[] expected = {ONE_TWO_THREE[0], ONE_TWO_THREE[1], ONE_TWO_THREE[2], ONE_TWO_THREE[1], ONE_TWO_THREE[0], ONE_TWO_THREE[2]};
        assertFloats(shape(2, 3), expected, y, 1e-7f);
    }

    @Test
    void opset13AcceptsTheFirstAxis() {
        Tensor y = run1(create("Softmax", 13, 1, Map.of("axis", 0L)), Tensor.of(new float[] {1, 5, 2, 5}, 2, 2));
        assertFloats(shape(2, 2), new float[] {ONE_TWO[0], 0.5f, ONE_TWO[1], 0.5f}, y, 1e-7f);
    }

    @Test
    void staysFiniteForLargeInputs() {
        Tensor y = run1(create("Softmax", 13, 1, Map.of()), Tensor.of(new float[] {1000, 1001, -1000, -999}, 2, 2));
        assertFloats(shape(2, 2), new float[] {ONE_TWO[0], ONE_TWO[1], ONE_TWO[0], ONE_TWO[1]}, y, 1e-7f);
    }

    @Test
    void rejectsAnAxisOutsideTheInputRank() {
        OpException e = assertThrows(OpException.class,
            () -> infer(create("Softmax", 13, 1, Map.of("axis", 2L)), Tensor.zeros(DataType.FLOAT, 2, 3)));
        assertEquals("axis 2 is out of range for input of shape [2, 3]", e.getMessage());
    }
}
