package io.lcnnserve.core.ops.activation;

import static io.lcnnserve.core.ops.OpHarness.assertFloats;
import static io.lcnnserve.core.ops.OpHarness.create;
import static io.lcnnserve.core.ops.OpHarness.run1;
import static io.lcnnserve.core.ops.OpHarness.shape;

import io.lcnnserve.core.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpTest {

    @Test
    void raisesEToEachElement() {
        Tensor y = run1(create("Exp", 13, 1, Map.of()), Tensor.of(new float[] {-1, 0, 1, 2}, 2, 2));
        assertFloats(shape(2, 2), new float[] {0.36787945f, 1, 2.7182817f, 7.389056f}, y, 1e-6f);
    }

    @Test
    void overflowsToInfinityAndUnderflowsToZero() {
        Tensor y = run1(create("Exp", 13, 1, Map.of()), Tensor.of(new float[] {100, -200, Float.NEGATIVE_INFINITY}, 3));
        assertFloats(shape(3), new float[] {Float.POSITIVE_INFINITY, 0, 0}, y, 0);
    }
}
