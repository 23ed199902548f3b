package io.lcnnserve.core.ops.pool;

import static io.lcnnserve.core.ops.RandomTensors.random;
import static org.assertj.core.api.Assertions.assertThat;

import io.lcnnserve.core.kernels.parallel.Parallel;
import io.lcnnserve.core.ops.ExecutionContext;
import io.lcnnserve.core.ops.OpHarness;
import io.lcnnserve.core.tensor.Tensor;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** VectorMaxPool (row and channel-blocked kernels) against the reference MaxPool on odd shapes. */
class VectorPoolsTest {

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
            Arguments.of("3x3 s2 wide (row kernel)", new int[] {2, 5, 109, 109}, Map.of("kernel_shape", new long[] {3, 3},
                "strides", new long[] {2, 2})),
            Arguments.of("3x3 s2 ceil_mode wide (row kernel)", new int[] {1, 3, 112, 112}, Map.of("kernel_shape",
                new long[] {3, 3}, "strides", new long[] {2, 2}, "ceil_mode", 1L)),
            Arguments.of("3x3 s1 pad 1 wide (row kernel)", new int[] {1, 3, 20, 70}, Map.of("kernel_shape", new long[] {3, 3},
                "pads", new long[] {1, 1, 1, 1})),
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
    void nanInAWideWindowPropagatesOnTheRowKernel() {
        MaxPool reference = (MaxPool) OpHarness.create("MaxPool", 12, 1,
            Map.of("kernel_shape", new long[] {3, 3}, "pads", new long[] {1, 1, 1, 1}));
        Tensor x = random(4, 1, 1, 5, 64);
        x.floats()[2 * 64 + 40] = Float.NaN;

        float[] actual = OpHarness.run1(VectorMaxPool.of(reference), x).toFloatArray();

        assertThat(actual).containsExactly(OpHarness.run1(reference, x).toFloatArray());
        assertThat(actual[3 * 64 + 41]).isNaN();
        assertThat(actual[0]).isNotNaN();
    }

    @Test
    void oneSpatialAxisRunsTheReferenceLoop() {
        MaxPool reference = (MaxPool) OpHarness.create("MaxPool", 12, 1, Map.of("kernel_shape", new long[] {3}));
        Tensor x = random(3, 2, 5, 17);

        assertThat(OpHarness.run1(VectorMaxPool.of(reference), x).toFloatArray())
            .containsExactly(OpHarness.run1(reference, x).toFloatArray());
    }
}
