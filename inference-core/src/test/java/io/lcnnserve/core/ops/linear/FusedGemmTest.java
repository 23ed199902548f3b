package io.lcnnserve.core.ops.linear;

import static io.lcnnserve.core.ops.RandomTensors.random;
import static org.assertj.core.api.Assertions.assertThat;

import io.lcnnserve.core.kernels.Activation;
import io.lcnnserve.core.kernels.parallel.Parallel;
import io.lcnnserve.core.ops.ExecutionContext;
import io.lcnnserve.core.ops.OpHarness;
import io.lcnnserve.core.tensor.Tensor;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** FusedGemm against the reference Gemm (plus the activation). */
class FusedGemmTest {
    private static final int M = 3;
    private static final int K = 37;
    private static final int N = 24;

    /** transA, transB, the shape of C (null: no C), whether C is known when the op is built. */
    static Stream<Arguments> cases() {
        return Stream.of(
            Arguments.of(false, true, new int[] {N}, true),
            Arguments.of(false, false, new int[] {1, N}, true),
            Arguments.of(true, true, new int[0], true),
            Arguments.of(true, false, new int[] {M, N}, true),
            Arguments.of(false, true, new int[] {M, 1}, true),
            Arguments.of(false, true, new int[] {N}, false),
            Arguments.of(false, false, null, false));
    }

    @ParameterizedTest(name = "transA={0} transB={1} C={2} constant C={3}")
    @MethodSource("cases")
    void matchesTheReferenceGemmFollowedByRelu(boolean transA, boolean transB, int[] cShape, boolean constantC) {
        Gemm gemm = (Gemm) OpHarness.create("Gemm", 13, cShape == null ? 2 : 3,
            Map.of("transA", transA ? 1L : 0L, "transB", transB ? 1L : 0L, "alpha", 0.75f, "beta", 1.5f));
        Tensor a = transA ? random(1, K, M) : random(1, M, K);
        Tensor b = transB ? random(2, N, K) : random(2, K, N);
        Tensor c = cShape == null ? null : random(3, cShape);
        Tensor[] inputs = c == null ? new Tensor[] {a, b} : new Tensor[] {a, b, c};
        float[] expected = OpHarness.run1(gemm, inputs).toFloatArray();
        for (int i = 0; i < expected.length; i++) {
            expected[i] = Math.max(expected[i], 0f);
        }

        FusedGemm fused = FusedGemm.create(gemm, b, c != null, constantC ? c : null, Activation.relu());

        assertThat(OpHarness.run1(fused, inputs).toFloatArray()).containsExactly(expected, within(expected));
    }

    @Test
    void twoThreadsMatchOneThread() {
        Gemm gemm = (Gemm) OpHarness.create("Gemm", 13, 3, Map.of("transB", 1L));
        Tensor a = random(1, 130, K);
        Tensor b = random(2, 70, K);
        Tensor c = random(3, 70);
        FusedGemm fused = FusedGemm.create(gemm, b, true, c, Activation.none());
        float[] expected = OpHarness.run1(gemm, a, b, c).toFloatArray();
        Tensor y = Tensor.zeros(io.lcnnserve.core.tensor.DataType.FLOAT, 130, 70);
        try (Parallel two = Parallel.fixedThreads(2)) {
            fused.eval(new Tensor[] {a, b, c}, new Tensor[] {y}, new ExecutionContext(two));
        }
        assertThat(y.toFloatArray()).containsExactly(expected, within(expected));
    }

    private static org.assertj.core.data.Offset<Float> within(float[] expected) {
        float scale = 0;
        for (float v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        return org.assertj.core.data.Offset.offset(1e-4f * scale + 1e-6f);
    }
}
