package io.lcnnserve.core.ops.elementwise;

import static io.lcnnserve.core.ops.OpHarness.assertFloats;
import static io.lcnnserve.core.ops.OpHarness.assertLongs;
import static io.lcnnserve.core.ops.OpHarness.create;
import static io.lcnnserve.core.ops.OpHarness.infer;
import static io.lcnnserve.core.ops.OpHarness.loadError;
import static io.lcnnserve.core.ops.OpHarness.run1;
import static io.lcnnserve.core.ops.OpHarness.shape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lcnnserve.core.ops.Op;
import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AddTest {
    private final Op add = create("Add", 14, 2, Map.of());

    @Test
    void addsSameShapeTensorsElementByElement() {
        Tensor y = run1(add, Tensor.of(new float[] {1, 2, 3, 4}, 2, 2), Tensor.of(new float[] {10, 20, 30, 40}, 2, 2));
        assertFloats(shape(2, 2), new float[] {11, 22, 33, 44}, y, 0);
    }

    @Test
    void broadcastsAVectorAcrossTheRowsOfAMatrix() {
        Tensor y = run1(add, Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3), Tensor.of(new float[] {10, 20, 30}, 3));
        assertFloats(shape(2, 3), new float[] {11, 22, 33, 14, 25, 36}, y, 0);
    }

    @Test
    void broadcastsBothInputsIntoTheirOuterShape() {
        Tensor y = run1(add, Tensor.of(new float[] {1, 2, 3}, 3, 1), Tensor.of(new float[] {10, 20}, 1, 2));
        assertFloats(shape(3, 2), new float[] {11, 21, 12, 22, 13, 23}, y, 0);
    }

    @Test
    void broadcastsARankZeroScalarOnTheLeft() {
        Tensor y = run1(add, Tensor.scalar(100), Tensor.of(new float[] {1, 2}, 2));
        assertFloats(shape(2), new float[] {101, 102}, y, 0);
    }

    @Test
    void addsAPerChannelBiasToAnNchwTensor() {
        Tensor x = Tensor.of(new float[] {0, 1, 2, 3, 4, 5, 6, 7}, 1, 2, 2, 2);
        Tensor y = run1(add, x, Tensor.of(new float[] {100, 200}, 2, 1, 1));
        assertFloats(shape(1, 2, 2, 2), new float[] {100, 101, 102, 103, 204, 205, 206, 207}, y, 0);
    }

    @Test
    void broadcastingWithAnEmptyAxisGivesAnEmptyResult() {
        Tensor y = run1(add, Tensor.zeros(DataType.FLOAT, 0, 3), Tensor.of(new float[] {1, 2, 3}, 3));
        assertFloats(shape(0, 3), new float[0], y, 0);
    }

    @Test
    void addsInt64ShapeValuesExactly() {
        Tensor y = run1(add, Tensor.ofLongs(new long[] {1L << 40, -5}, 2), Tensor.ofLongs(new long[] {1}, 1));
        assertLongs(DataType.INT64, shape(2), new long[] {(1L << 40) + 1, -4}, y);
    }

    @Test
    void addsInt32WithJavaWrapAround() {
        Tensor y = run1(add, Tensor.ofInts(new int[] {Integer.MAX_VALUE, 7}, 2), Tensor.ofInts(new int[] {1, 8}, 2));
        assertLongs(DataType.INT32, shape(2), new long[] {Integer.MIN_VALUE, 15}, y);
    }

    @Test
    void rejectsInputsOfDifferentElementTypes() {
        OpException e = assertThrows(OpException.class,
            () -> infer(add, Tensor.ofLongs(new long[] {1}, 1), Tensor.of(new float[] {1}, 1)));
        assertEquals("inputs must have the same element type, got INT64 and FLOAT", e.getMessage());
    }

    @Test
    void rejectsUnsupportedElementTypes() {
        Tensor bytes = Tensor.zeros(DataType.UINT8, 2);
        OpException e = assertThrows(OpException.class, () -> infer(add, bytes, bytes));
        assertTrue(e.getMessage().startsWith("element type UINT8 is not supported"), e.getMessage());
    }

    @Test
    void rejectsShapesThatDoNotBroadcast() {
        OpException e = assertThrows(OpException.class,
            () -> infer(add, Tensor.zeros(DataType.FLOAT, 2, 3), Tensor.zeros(DataType.FLOAT, 2)));
        assertEquals("input shapes [2, 3], [2] cannot be broadcast together", e.getMessage());
    }

    @Test
    void opset6BroadcastsBAtTheGivenAxisOfA() {
        Op legacy = create("Add", 6, 2, Map.of("broadcast", 1L, "axis", 1L));
        Tensor a = Tensor.zeros(DataType.FLOAT, 2, 3, 2);
        Tensor y = run1(legacy, a, Tensor.of(new float[] {1, 2, 3}, 3));
        assertFloats(shape(2, 3, 2), new float[] {1, 1, 2, 2, 3, 3, 1, 1, 2, 2, 3, 3}, y, 0);
    }

    @Test
    void opset6BroadcastMatchesTrailingDimsWithoutAxis() {
        Op legacy = create("Add", 6, 2, Map.of("broadcast", 1L));
        Tensor y = run1(legacy, Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3), Tensor.of(new float[] {10, 20, 30}, 3));
        assertFloats(shape(2, 3), new float[] {11, 22, 33, 14, 25, 36}, y, 0);
    }

    @Test
    void opset6BroadcastAcceptsASingleElementOfAnyShape() {
        Op legacy = create("Add", 6, 2, Map.of("broadcast", 1L));
        Tensor y = run1(legacy, Tensor.of(new float[] {1, 2}, 2), Tensor.of(new float[] {5}, 1, 1, 1));
        assertFloats(shape(2), new float[] {6, 7}, y, 0);
    }

    @Test
    void opset6WithoutBroadcastRequiresEqualShapes() {
        Op legacy = create("Add", 6, 2, Map.of());
        OpException e = assertThrows(OpException.class,
            () -> infer(legacy, Tensor.zeros(DataType.FLOAT, 2, 3), Tensor.zeros(DataType.FLOAT, 3)));
        assertEquals("without broadcast=1 (opset < 7) the input shapes must be equal, got [2, 3] and [3]", e.getMessage());
    }

    @Test
    void opset6RejectsBThatIsNotAContiguousRunOfA() {
        Op legacy = create("Add", 6, 2, Map.of("broadcast", 1L, "axis", 0L));
        OpException e = assertThrows(OpException.class,
            () -> infer(legacy, Tensor.zeros(DataType.FLOAT, 2, 3), Tensor.zeros(DataType.FLOAT, 3)));
        assertEquals("B of shape [3] does not match A of shape [2, 3] at axis 0", e.getMessage());
    }

    @Test
    void opset1IgnoresConsumedInputs() {
        Op legacy = create("Add", 1, 2, Map.of("consumed_inputs", new long[] {0, 1}));
        Tensor y = run1(legacy, Tensor.of(new float[] {1}, 1), Tensor.of(new float[] {2}, 1));
        assertFloats(shape(1), new float[] {3}, y, 0);
    }

    @Test
    void opset7AndLaterRejectTheLegacyBroadcastAttribute() {
        OpException e = loadError("Add", 7, 2, Map.of("broadcast", 1L));
        assertEquals("unsupported attributes [broadcast]", e.getMessage());
    }
}
