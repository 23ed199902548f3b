package io.lcnnserve.core.ops.elementwise;

import static io.lcnnserve.core.ops.OpHarness.assertFloats;
import static io.lcnnserve.core.ops.OpHarness.assertLongs;
import static io.lcnnserve.core.ops.OpHarness.create;
import static io.lcnnserve.core.ops.OpHarness.loadError;
import static io.lcnnserve.core.ops.OpHarness.run1;
import static io.lcnnserve.core.ops.OpHarness.shape;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lcnnserve.core.ops.Op;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubTest {
    private final Op sub = create("Sub", 14, 2, Map.of());

    @Test
    void subtractsTheSecondInputFromTheFirst() {
        Tensor y = run1(sub, Tensor.of(new float[] {5, 7, 9}, 3), Tensor.of(new float[] {1, 2, 3}, 3));
        assertFloats(shape(3), new float[] {4, 5, 6}, y, 0);
    }

    @Test
    void keepsOperandOrderWhenTheFirstInputIsBroadcast() {
        Tensor y = run1(sub, Tensor.of(new float[] {10}, 1), Tensor.of(new float[] {1, 2, 3, 4}, 2, 2));
        assertFloats(shape(2, 2), new float[] {9, 8, 7, 6}, y, 0);
    }

    @Test
    void subtractsAPerRowColumnVector() {
        Tensor y = run1(sub, Tensor.of(new float[] {5, 6, 7, 8}, 2, 2), Tensor.of(new float[] {1, 2}, 2, 1));
        assertFloats(shape(2, 2), new float[] {4, 5, 5, 6}, y, 0);
    }

    @Test
    void subtractsInt64AndInt32Exactly() {
        assertLongs(DataType.INT64, shape(2), new long[] {-1, 1L << 33},
            run1(sub, Tensor.ofLongs(new long[] {0, (1L << 33) + 2}, 2), Tensor.ofLongs(new long[] {1, 2}, 2)));
        assertLongs(DataType.INT32, shape(1), new long[] {Integer.MAX_VALUE},
            run1(sub, Tensor.ofInts(new int[] {Integer.MIN_VALUE}, 1), Tensor.ofInts(new int[] {1}, 1)));
    }

    @Test
    void opset6BroadcastsBOntoA() {
        Op legacy = create("Sub", 6, 2, Map.of("broadcast", 1L, "axis", 0L));
        Tensor y = run1(legacy, Tensor.of(new float[] {5, 6, 7, 8}, 2, 2), Tensor.of(new float[] {1, 2}, 2));
        assertFloats(shape(2, 2), new float[] {4, 5, 5, 6}, y, 0);
    }

    @Test
    void opset6RejectsAxisWithoutBroadcast() {
        assertEquals("attribute 'axis' is only meaningful with broadcast=1",
            loadError("Sub", 6, 2, Map.of("axis", 1L)).getMessage());
    }
}
