package io.lcnnserve.core.ops.elementwise;

import static io.lcnnserve.core.ops.OpHarness.assertFloats;
import static io.lcnnserve.core.ops.OpHarness.assertLongs;
import static io.lcnnserve.core.ops.OpHarness.create;
import static io.lcnnserve.core.ops.OpHarness.run1;
import static io.lcnnserve.core.ops.OpHarness.shape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lcnnserve.core.ops.Op;
import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DivTest {
    private final Op div = create("Div", 14, 2, Map.of());

    @Test
    void dividesTheFirstInputByTheSecond() {
        Tensor y = run1(div, Tensor.of(new float[] {3, 4, -9}, 3), Tensor.of(new float[] {2, 8, 3}, 3));
        assertFloats(shape(3), new float[] {1.5f, 0.5f, -3}, y, 0);
    }

    @Test
    void floatDivisionByZeroFollowsIeee() {
        Tensor y = run1(div, Tensor.of(new float[] {1, -1, 0}, 3), Tensor.scalar(0));
        assertFloats(shape(3), new float[] {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN}, y, 0);
    }

    @Test
    void divisorBroadcastsOverRows() {
        Tensor y = run1(div, Tensor.of(new float[] {2, 4, 6, 8}, 2, 2), Tensor.of(new float[] {2, 4}, 2));
        assertFloats(shape(2, 2), new float[] {1, 1, 3, 2}, y, 0);
    }

    @Test
    void integerDivisionTruncatesTowardZero() {
        assertLongs(DataType.INT64, shape(4), new long[] {3, -3, -3, 3},
            run1(div, Tensor.ofLongs(new long[] {7, -7, 7, -7}, 4), Tensor.ofLongs(new long[] {2, 2, -2, -2}, 4)));
        assertLongs(DataType.INT32, shape(2), new long[] {112, 0},
            run1(div, Tensor.ofInts(new int[] {224, 3}, 2), Tensor.ofInts(new int[] {2, 4}, 2)));
    }

    @Test
    void integerDivisionByZeroIsAnError() {
        OpException e = assertThrows(OpException.class,
            () -> run1(div, Tensor.ofLongs(new long[] {5}, 1), Tensor.ofLongs(new long[] {0}, 1)));
        assertEquals("integer division by zero (5 / 0)", e.getMessage());
    }
}
