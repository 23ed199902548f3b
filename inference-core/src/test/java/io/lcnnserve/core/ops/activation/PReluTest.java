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
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PReluTest {
    private final Op prelu = create("PRelu", 16, 2, Map.of());

    @Test
    void multipliesOnlyNegativesByASharedSlope() {
        Tensor y = run1(prelu, Tensor.of(new float[] {-2, -1, 0, 3}, 2, 2), Tensor.of(new float[] {0.25f}, 1));
        assertFloats(shape(2, 2), new float[] {-0.5f, -0.25f, 0, 3}, y, 0);
    }

    @Test
    void appliesAChannelSlopeShapedCByOneByOne() {
        Tensor x = Tensor.of(new float[] {-1, -2, 1, -4, -1, -2, 1, -4}, 1, 2, 2, 2);
        Tensor y = run1(prelu, x, Tensor.of(new float[] {0.5f, 2}, 2, 1, 1));
        assertFloats(shape(1, 2, 2, 2), new float[] {-0.5f, -1, 1, -2, -2, -4, 1, -8}, y, 0);
    }

    @Test
    void broadcastsASlopeAlongTheLastAxis() {
        Tensor y = run1(prelu, Tensor.of(new float[] {-1, -1, -1, -2, -2, -2}, 2, 3), Tensor.of(new float[] {1, 2, 3}, 3));
        assertFloats(shape(2, 3), new float[] {-1, -2, -3, -2, -4, -6}, y, 0);
    }

    @Test
    void opset6AppliesAOneDimensionalSlopePerChannel() {
        Op legacy = create("PRelu", 6, 2, Map.of());
        Tensor x = Tensor.of(new float[] {-1, -1, -1, -1, -1, -1}, 1, 3, 2);
        Tensor y = run1(legacy, x, Tensor.of(new float[] {1, 2, 3}, 3));
        assertFloats(shape(1, 3, 2), new float[] {-1, -1, -2, -2, -3, -3}, y, 0);
    }

    @Test
    void opset7AndLaterBroadcastAOneDimensionalSlopeAgainstTheLastAxis() {
        OpException e = assertThrows(OpException.class,
            () -> infer(prelu, Tensor.zeros(DataType.FLOAT, 2, 3, 4, 5), Tensor.zeros(DataType.FLOAT, 3)));
        assertEquals("slope of shape [3] cannot be broadcast to [2, 3, 4, 5]", e.getMessage());
    }

    @Test
    void rejectsASlopeLargerThanX() {
        assertThrows(OpException.class, () -> infer(prelu, Tensor.zeros(DataType.FLOAT, 3), Tensor.zeros(DataType.FLOAT, 2, 3)));
    }
}
