package io.lcnnserve.core.ops.elementwise;

import static io.lcnnserve.core.ops.OpHarness.assertFloats;
import static io.lcnnserve.core.ops.OpHarness.assertLongs;
import static io.lcnnserve.core.ops.OpHarness.create;
import static io.lcnnserve.core.ops.OpHarness.run1;
import static io.lcnnserve.core.ops.OpHarness.shape;

import io.lcnnserve.core.ops.Op;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MulTest {
    private final Op mul = create("Mul", 14, 2, Map.of());

    @Test
    void multipliesElementByElement() {
        Tensor y = run1(mul, Tensor.of(new float[] {1, -2, 3}, 3), Tensor.of(new float[] {4, 5, -6}, 3));
        assertFloats(shape(3), new float[] {4, -10, -18}, y, 0);
    }

    @Test
    void columnTimesRowIsTheOuterProduct() {
        Tensor y = run1(mul, Tensor.of(new float[] {1, 2}, 2, 1), Tensor.of(new float[] {3, 4, 5}, 1, 3));
        assertFloats(shape(2, 3), new float[] {3, 4, 5, 6, 8, 10}, y, 0);
    }

    @Test
    void scalesAnNchwTensorPerChannel() {
        Tensor x = Tensor.of(new float[] {1, 1, 1, 1, 1, 1, 1, 1}, 2, 2, 1, 2);
        Tensor y = run1(mul, x, Tensor.of(new float[] {2, 3}, 1, 2, 1, 1));
        assertFloats(shape(2, 2, 1, 2), new float[] {2, 2, 3, 3, 2, 2, 3, 3}, y, 0);
    }

    @Test
    void multipliesIntegerShapeValues() {
        assertLongs(DataType.INT64, shape(3), new long[] {2, 6, -8},
            run1(mul, Tensor.ofLongs(new long[] {1, 3, -4}, 3), Tensor.ofLongs(new long[] {2}, 1)));
        assertLongs(DataType.INT32, shape(2), new long[] {12, 0},
            run1(mul, Tensor.ofInts(new int[] {3, 0}, 2), Tensor.ofInts(new int[] {4}, 1)));
    }
}
