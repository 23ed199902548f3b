package io.lcnnserve.core.ops.activation;

import static io.lcnnserve.core.ops.OpHarness.assertFloats;
import static io.lcnnserve.core.ops.OpHarness.create;
import static io.lcnnserve.core.ops.OpHarness.run1;
import static io.lcnnserve.core.ops.OpHarness.shape;
import static io.lcnnserve.core.ops.OpHarness.infer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lcnnserve.core.ops.Op;
import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReluTest {
    private final Op relu = create("Relu", 14, 1, Map.of());

    @Test
    void zeroesNegativesAndKeepsPositives() {
        Tensor y = run1(relu, Tensor.of(new float[] {-2, -0.5f, 0, 0.5f, 3}, 5));
        assertFloats(shape(5), new float[] {0, 0, 0, 0.5f, 3}, y, 0);
    }

    @Test
    void keepsTheInputShape() {
        Tensor y = run1(relu, Tensor.of(new float[] {-1, 1, -1, 1, -1, 1}, 1, 3, 2));
        assertFloats(shape(1, 3, 2), new float[] {0, 1, 0, 1, 0, 1}, y, 0);
    }

    @Test
    void propagatesNanAndInfinities() {
        Tensor y = run1(relu, Tensor.of(new float[] {Float.NaN, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY}, 3));
        assertFloats(shape(3), new float[] {Float.NaN, 0, Float.POSITIVE_INFINITY}, y, 0);
    }

    @Test
    void opset1IgnoresConsumedInputs() {
        Op legacy = create("Relu", 1, 1, Map.of("consumed_inputs", new long[] {0}));
        assertFloats(shape(2), new float[] {0, 2}, run1(legacy, Tensor.of(new float[] {-2, 2}, 2)), 0);
    }

    @Test
    void rejectsNonFloatInput() {
        OpException e = assertThrows(OpException.class, () -> infer(relu, Tensor.ofLongs(new long[] {1}, 1)));
        assertEquals("input must be FLOAT, got INT64", e.getMessage());
    }
}
