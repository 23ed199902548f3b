package io.lcnnserve.core.ops.elementwise;

import static org.assertj.core.api.Assertions.assertThat;

import io.lcnnserve.core.ops.OpHarness;
import io.lcnnserve.core.tensor.Tensor;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class VectorMulTest {

    private static Tensor random(long seed, int... shape) {
        SplittableRandom random = new SplittableRandom(seed);
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) (random.nextDouble() * 4 - 2);
        }
        return Tensor.of(values, shape);
    }

    private static void assertSameAsReference(Tensor a, Tensor b) {
        var reference = OpHarness.create("Mul", 14, 2, Map.of());
        float[] expected = OpHarness.run1(reference, a, b).toFloatArray();
        assertThat(OpHarness.run1(VectorMul.of(reference), a, b).toFloatArray()).containsExactly(expected);
    }

    @Test
    void sameShapeOperandsMultiplyElementWise() {
        assertSameAsReference(random(1, 3, 13, 5, 7), random(2, 3, 13, 5, 7));
    }

    @Test
    void aChannelGateScalesEachPlaneInEitherOperandOrder() {
        Tensor x = random(3, 2, 24, 7, 7);
        Tensor gate = random(4, 2, 24, 1, 1);
        assertSameAsReference(x, gate);
        assertSameAsReference(gate, x);
    }

    @Test
    void otherBroadcastsAndIntegersUseTheReference() {
        assertSameAsReference(random(5, 2, 24, 7, 7), random(6, 1, 24, 1, 1));
        assertSameAsReference(random(7, 4, 5), random(8, 5));
        Tensor ints = Tensor.ofLongs(new long[] {2, 3}, 2);
        var reference = OpHarness.create("Mul", 14, 2, Map.of());
        assertThat(OpHarness.run1(VectorMul.of(reference), ints, ints).toLongArray()).containsExactly(4, 9);
    }
}
