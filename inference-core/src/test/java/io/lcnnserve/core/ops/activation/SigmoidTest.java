package io.lcnnserve.core.ops.activation;

import static io.lcnnserve.core.ops.OpHarness.assertFloats;
import static io.lcnnserve.core.ops.OpHarness.create;
import static io.lcnnserve.core.ops.OpHarness.run1;
import static io.lcnnserve.core.ops.OpHarness.shape;

import io.lcnnserve.core.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SigmoidTest {

    @Test
    void mapsToTheLogisticFunction() {
        Tensor y = run1(create("Sigmoid", 13, 1, Map.of()), Tensor.of(new float[] {-1, 0, 1, 2}, 4));
        assertFloats(shape(4), new float[] {0.26894142f, 0.5f, 0.7310586f, 0.8807971f}, y, 1e-7f);
    }

    @Test
    void saturatesWithoutOverflowForLargeMagnitudes() {
        Tensor y = run1(create("Sigmoid", 6, 1, Map.of()), Tensor.of(new float[] {-1000, -100, 100, 1000}, 4));
        assertFloats(shape(4), new float[] {0, 3.7200760e-44f, 1, 1}, y, 0);
    }
}
