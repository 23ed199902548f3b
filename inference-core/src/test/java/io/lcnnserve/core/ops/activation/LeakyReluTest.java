package io.lcnnserve.core.ops.activation;

import static io.lcnnserve.core.ops.OpHarness.assertFloats;
import static io.lcnnserve.core.ops.OpHarness.create;
import static io.lcnnserve.core.ops.OpHarness.run1;
import static io.lcnnserve.core.ops.OpHarness.shape;

import java.util.Map;
import io.lcnnserve.core.tensor.Tensor;
import org.junit.jupiter.api.Test;

class LeakyReluTest {

    @Test
    void scalesNegativesByTheDefaultAlphaOfOneHundredth() {
        Tensor y = run1(create("LeakyRelu", 16, 1, Map.of()), Tensor.of(new float[] {-10, -1, 0, 2}, 4));
        assertFloats(shape(4), new float[] {-0.1f, -0.01f, 0, 2}, y, 1e-7f);
    }

    @Test
    void scalesNegativesByTheGivenAlpha() {
        Tensor y = run1(create("LeakyRelu", 16, 1, Map.of("alpha", 0.1f)), Tensor.of(new float[] {-1, 0, 1}, 3));
        assertFloats(shape(3), new float[] {-0.1f, 0, 1}, y, 0);
    }

    @Test
    void opset1IgnoresConsumedInputs() {
        Tensor y = run1(create("LeakyRelu", 1, 1, Map.of("alpha", 0.5f, "consumed_inputs", new long[] {0})),
            Tensor.of(new float[] {-4}, 1));
        assertFloats(shape(1), new float[] {-2}, y, 0);
    }
}
