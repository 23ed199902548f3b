package io.lcnnserve.core.ops.elementwise;

import static io.lcnnserve.core.ops.OpHarness.assertFloats;
import static io.lcnnserve.core.ops.OpHarness.assertLongs;
import static io.lcnnserve.core.ops.OpHarness.create;
import static io.lcnnserve.core.ops.OpHarness.run1;
import static io.lcnnserve.core.ops.OpHarness.shape;

import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MaxTest {

    @Test
    void takesTheLargestOfThreeInputs() {
        Tensor y = run1(create("Max", 13, 3, Map.of()), Tensor.of(new float[] {3, 2, 1}, 3),
            Tensor.of(new float[] {1, 4, 4}, 3), Tensor.of(new float[] {2, 5, 3}, 3));
        assertFloats(shape(3), new float[] {3, 5, 4}, y, 0);
    }

    @Test
    void clampsFromBelowWithABroadcastScalar() {
        Tensor y = run1(create("Max", 13, 2, Map.of()), Tensor.of(new float[] {-1, 0.5f, 2}, 3), Tensor.scalar(0));
        assertFloats(shape(3), new float[] {0, 0.5f, 2}, y, 0);
    }

    @Test
    void nanPropagates() {
        Tensor y = run1(create("Max", 13, 2, Map.of()), Tensor.of(new float[] {Float.NaN, 1}, 2),
            Tensor.of(new float[] {1, Float.NaN}, 2));
        assertFloats(shape(2), new float[] {Float.NaN, Float.NaN}, y, 0);
    }

    @Test
    void comparesInt64AndInt32Values() {
        assertLongs(DataType.INT64, shape(2, 2), new long[] {5, 1L << 40, 5, 7},
            run1(create("Max", 13, 2, Map.of()), Tensor.ofLongs(new long[] {1, 1L << 40, -3, 7}, 2, 2),
                Tensor.ofLongs(new long[] {5}, 1)));
        assertLongs(DataType.INT32, shape(2), new long[] {-1, 9},
            run1(create("Max", 13, 2, Map.of()), Tensor.ofInts(new int[] {-1, 2}, 2), Tensor.ofInts(new int[] {-4, 9}, 2)));
    }
}
