package io.lcnnserve.core.ops.elementwise;

import static io.lcnnserve.core.ops.OpHarness.assertFloats;
import static io.lcnnserve.core.ops.OpHarness.assertLongs;
import static io.lcnnserve.core.ops.OpHarness.create;
import static io.lcnnserve.core.ops.OpHarness.infer;
import static io.lcnnserve.core.ops.OpHarness.run1;
import static io.lcnnserve.core.ops.OpHarness.shape;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MinTest {

    @Test
    void takesTheSmallestOfThreeInputs() {
        Tensor y = run1(create("Min", 13, 3, Map.of()), Tensor.of(new float[] {3, 2, 1}, 3),
            Tensor.of(new float[] {1, 4, 4}, 3), Tensor.of(new float[] {2, 5, 0}, 3));
        assertFloats(shape(3), new float[] {1, 2, 0}, y, 0);
    }

    @Test
    void broadcastsAColumnAgainstARow() {
        Tensor y = run1(create("Min", 13, 2, Map.of()), Tensor.of(new float[] {1, 3}, 2, 1), Tensor.of(new float[] {0, 2, 4}, 3));
        assertFloats(shape(2, 3), new float[] {0, 1, 1, 0, 2, 3}, y, 0);
    }

    @Test
    void clampsInt64ShapeValuesFromAbove() {
        assertLongs(DataType.INT64, shape(3), new long[] {4, -7, 4},
            run1(create("Min", 13, 2, Map.of()), Tensor.ofLongs(new long[] {Long.MAX_VALUE, -7, 4}, 3),
                Tensor.ofLongs(new long[] {4}, 1)));
    }

    @Test
    void beforeOpset8ShapesMustBeEqual() {
        assertThrows(OpException.class, () -> infer(create("Min", 6, 2, Map.of()),
            Tensor.zeros(DataType.FLOAT, 2, 1), Tensor.zeros(DataType.FLOAT, 2)));
    }
}
