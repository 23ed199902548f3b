package io.lcnnserve.core.ops.activation;

import static io.lcnnserve.core.ops.OpHarness.assertFloats;
import static io.lcnnserve.core.ops.OpHarness.create;
import static io.lcnnserve.core.ops.OpHarness.run1;
import static io.lcnnserve.core.ops.OpHarness.shape;

import io.lcnnserve.core.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TanhTest {

    @Test
    void mapsToTheHyperbolicTangent() {
        Tensor y = run1(create("Tanh", 13, 1, Map.of()), Tensor.of(new float[] {-20, -1, 0, 0.5f, 1}, 5));
        assertFloats(shape(5), new float[] {-1, -0.7615942f, 0, 0.46211717f, 0.7615942f}, y, 1e-7f);
    }
}
