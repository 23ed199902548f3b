package io.lcnnserve.core.ops.elementwise;

import static io.lcnnserve.core.ops.RandomTensors.uniform;
import static org.assertj.core.api.Assertions.assertThat;

import io.lcnnserve.core.ops.OpHarness;
import io.lcnnserve.core.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VectorMulTest {

    private static void assertSameAsReference(Tensor a, Tensor b) {
        var reference = OpHarness.create("Mul", 14, 2, Map.of());
        float[] expected = OpHarness.run1(reference, a, b).toFloatArray();
        assertThat(OpHarness.run1(VectorMul.of(reference), a, b).toFloatArray()).containsExactly(expected);
    }

    @Test
    void sameShapeOperandsMultiplyElementWise() {
        assertSameAsReference(uniform(1, 2f, 3, 13, 5, 7), uniform(2, 2f, 3, 13, 5, 7));
    }

    @Test
    void aChannelGateScalesEachPlaneInEitherOperandOrder() {
        Tensor x = uniform(3, 2f, 2, 24, 7, 7);
        Tensor gate = uniform(4, 2f, 2, 24, 1, 1);
        assertSameAsReference(x, gate);
        assertSameAsReference(gate, x);
    }

    @Test
    void aSingleValueScalesEveryElementInEitherOrder() {
        Tensor x = uniform(9, 2f, 1, 24, 5, 5);
        Tensor sixth = Tensor.of(new float[] {1f / 6f}, 1, 1, 1, 1);
        assertSameAsReference(x, sixth);
        assertSameAsReference(sixth, x);
    }

    @Test
    void otherBroadcastsAndIntegersUseTheReference() {
        assertSameAsReference(uniform(5, 2f, 2, 24, 7, 7), uniform(6, 2f, 1, 24, 1, 1));
        assertSameAsReference(uniform(7, 2f, 4, 5), uniform(8, 2f, 5));
        Tensor ints = Tensor.ofLongs(new long[] {2, 3}, 2);
        var reference = OpHarness.create("Mul", 14, 2, Map.of());
        assertThat(OpHarness.run1(VectorMul.of(reference), ints, ints).toLongArray()).containsExactly(4, 9);
    }
}
