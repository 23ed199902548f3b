package io.lcnnserve.core.ops.activation;

import static io.lcnnserve.core.ops.OpHarness.assertFloats;
import static io.lcnnserve.core.ops.OpHarness.create;
import static io.lcnnserve.core.ops.OpHarness.run1;
import static io.lcnnserve.core.ops.OpHarness.shape;

import io.lcnnserve.core.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HardSwishTest {

    @Test
    void isZeroBelowMinusThreeIdentityAboveThreeAndQuadraticBetween() {
        Tensor y = run1(create("HardSwish", 14, 1, Map.of()), Tensor.of(new float[] {-4, -3, -1, 0, 1, 3, 5}, 7));
        assertFloats(shape(7), new float[] {0, 0, -1f / 3, 0, 2f / 3, 3, 5}, y, 1e-7f);
    }
}
