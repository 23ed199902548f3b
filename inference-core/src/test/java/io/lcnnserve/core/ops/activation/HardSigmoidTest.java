package io.lcnnserve.core.ops.activation;

import static io.lcnnserve.core.ops.OpHarness.assertFloats;
import static io.lcnnserve.core.ops.OpHarness.create;
import static io.lcnnserve.core.ops.OpHarness.run1;
import static io.lcnnserve.core.ops.OpHarness.shape;

import io.lcnnserve.core.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HardSigmoidTest {

    @Test
    void defaultsToAlphaOneFifthAndBetaOneHalf() {
        Tensor y = run1(create("HardSigmoid", 6, 1, Map.of()), Tensor.of(new float[] {-3, -1, 0, 1, 3}, 5));
        assertFloats(shape(5), new float[] {0, 0.3f, 0.5f, 0.7f, 1}, y, 1e-7f);
    }

    @Test
    void usesTheGivenAlphaAndBeta() {
        Tensor y = run1(create("HardSigmoid", 6, 1, Map.of("alpha", 0.5f, "beta", 0.6f)),
            Tensor.of(new float[] {-2, -1, 0, 0.5f, 1}, 5));
        assertFloats(shape(5), new float[] {0, 0.1f, 0.6f, 0.85f, 1}, y, 1e-7f);
    }
}
