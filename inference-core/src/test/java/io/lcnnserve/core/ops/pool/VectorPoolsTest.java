package io.lcnnserve.core.ops.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.lcnnserve.core.kernels.parallel.Parallel;
import io.lcnnserve.core.ops.ExecutionContext;
import io.lcnnserve.core.ops.OpHarness;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** VectorMaxPool and VectorGlobalAveragePool against the reference pools on odd shapes. */
class VectorPoolsTest {

    private static Tensor random(long seed, int... shape) {
        SplittableRandom random = new SplittableRandom(seed);
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return Tensor.of(values, shape);
    }

    static Stream<Arguments> maxPools() {
        return Stream.of(
            Arguments.of("3x3 s2 (SqueezeNet)", new int[] {1, 13, 55, 55}, Map.of("kernel_shape", new long[] {3, 3},
                "strides", new long[] {2, 2})),
            Arguments.of("3x3 s2 ceil_mode", new int[] {3, 13, 12, 17}, Map.of("kernel_shape", new long[] {3, 3},
                "strides", new long[] {2, 2}, "ceil_mode", 1L)),
            Arguments.of("2x2 s2 asymmetric pads", new int[] {2, 24, 9, 11}, Map.of("kernel_shape", new long[] {2, 2},
                "strides", new long[] {2, 2}, "pads", new long[] {1, 0, 0, 1})),
            Arguments.of("3x3 s1 same", new int[] {1, 24, 7, 40}, Map.of("kernel_shape", new long[] {3, 3},
                "auto_pad", "SAME_UPPER")),
            Arguments.of("3x2 s(1,3) dilated", new int[] {1, 13, 10, 20}, Map.of("kernel_shape", new long[] {3, 2},
                "strides", new long[] {1, 3}, "dilations", new long[] {2, 1})));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("maxPools")
    void vectorMaxPoolMatchesTheReference(String name, int[] shape, Map<String, Object> attributes) {
        MaxPool reference = (MaxPool) OpHarness.create("MaxPool", 12, 1, attributes);
        Tensor x = random(1, shape);
        float[] expected = OpHarness.run1(reference, x).toFloatArray();

        assertThat(OpHarness.run1(VectorMaxPool.of(reference), x).toFloatArray()).containsExactly(expected);
        Tensor y = OpHarness.run1(reference, x).copy();
        try (Parallel two = Parallel.fixedThreads(2)) {
            VectorMaxPool.of(reference).eval(new Tensor[] {x}, new Tensor[] {y}, new ExecutionContext(two));
        }
        assertThat(y.toFloatArray()).containsExactly(expected);
    }

    @Test
    void nanInAWindowPropagatesAsInTheReference() {
        MaxPool reference = (MaxPool) OpHarness.create("MaxPool", 12, 1,
            Map.of("kernel_shape", new long[] {2, 2}, "strides", new long[] {2, 2}));
        Tensor x = random(2, 1, 2, 4, 36);
        x.floats()[37] = Float.NaN;

        float[] actual = OpHarness.run1(VectorMaxPool.of(reference), x).toFloatArray();

        assertThat(actual).containsExactly(OpHarness.run1(reference, x).toFloatArray());
        assertThat(actual[0]).isNaN();
    }

    @Test
    void oneSpatialAxisRunsTheReferenceLoop() {
        MaxPool reference = (MaxPool) OpHarness.create("MaxPool", 12, 1, Map.of("kernel_shape", new long[] {3}));
        Tensor x = random(3, 2, 5, 17);

        assertThat(OpHarness.run1(VectorMaxPool.of(reference), x).toFloatArray())
            .containsExactly(OpHarness.run1(reference, x).toFloatArray());
    }

    @Test
    void vectorGlobalAveragePoolMatchesTheReferenceWithinFloatRounding() {
        Tensor x = random(4, 3, 13, 7, 9);
        float[] expected = OpHarness.run1(OpHarness.create("GlobalAveragePool", 1, 1, Map.of()), x).toFloatArray();

        Tensor y = OpHarness.run1(new VectorGlobalAveragePool(), x);

        assertThat(y.shape()).containsExactly(3, 13, 1, 1);
        assertThat(y.type()).isEqualTo(DataType.FLOAT);
        assertThat(y.toFloatArray()).containsExactly(expected, Offset.offset(1e-6f));
    }
}
