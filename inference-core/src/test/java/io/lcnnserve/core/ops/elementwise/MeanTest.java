package io.lcnnserve.core.ops.elementwise;

import static io.lcnnserve.core.ops.OpHarness.assertFloats;
import static io.lcnnserve.core.ops.OpHarness.create;
import static io.lcnnserve.core.ops.OpHarness.run1;
import static io.lcnnserve.core.ops.OpHarness.shape;

import io.lcnnserve.core.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MeanTest {

    @Test
    void averagesThreeInputs() {
        Tensor y = run1(create("Mean", 13, 3, Map.of()), Tensor.of(new float[] {3, 0, 2}, 3),
            Tensor.of(new float[] {1, 3, 4}, 3), Tensor.of(new float[] {2, 6, 6}, 3));
        assertFloats(shape(3), new float[] {2, 3, 4}, y, 0);
    }

    @Test
    void meanOfOneInputIsTheInput() {
        Tensor y = run1(create("Mean", 13, 1, Map.of()), Tensor.of(new float[] {3, -1.5f}, 2));
        assertFloats(shape(2), new float[] {3, -1.5f}, y, 0);
    }

    @Test
    void averagesBroadcastInputsPerOutputElement() {
        Tensor y = run1(create("Mean", 13, 2, Map.of()), Tensor.of(new float[] {0, 2, 4, 6}, 2, 2),
            Tensor.of(new float[] {2, 4}, 2, 1));
        assertFloats(shape(2, 2), new float[] {1, 2, 4, 5}, y, 0);
    }

    @Test
    void dividesByTheInputCountNotTheBroadcastFactor() {
        Tensor y = run1(create("Mean", 13, 2, Map.of()), Tensor.scalar(3), Tensor.of(new float[] {1, 2}, 2));
        assertFloats(shape(2), new float[] {2, 2.5f}, y, 0);
    }
}
