package io.lcnnserve.core.ops.quantize;

import static io.lcnnserve.core.ops.OpHarness.assertFloats;
import static io.lcnnserve.core.ops.OpHarness.create;
import static io.lcnnserve.core.ops.OpHarness.infer;
import static io.lcnnserve.core.ops.OpHarness.loadError;
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

class DequantizeLinearTest {

    private static Tensor uint8(int[] shape, int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return Tensor.ofBytes(DataType.UINT8, b, shape);
    }

    private static Tensor int8(int[] shape, int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return Tensor.ofBytes(DataType.INT8, b, shape);
    }

    @Test
    void dequantizesUint8PerTensor() {
        Op op = create("DequantizeLinear", 13, 3, Map.of());
        Tensor y = run1(op, uint8(shape(4), 0, 3, 128, 255), Tensor.scalar(2), uint8(shape(), 128));
        assertFloats(shape(4), new float[] {-256, -250, 0, 254}, y, 0);
    }

    @Test
    void dequantizesInt8WithANegativeZeroPoint() {
        Op op = create("DequantizeLinear", 13, 3, Map.of());
        Tensor y = run1(op, int8(shape(3), -128, 0, 127), Tensor.scalar(0.5f), int8(shape(), -1));
        assertFloats(shape(3), new float[] {-63.5f, 0.5f, 64}, y, 0);
    }

    @Test
    void theZeroPointDefaultsToZero() {
        Op op = create("DequantizeLinear", 10, 2, Map.of());
        assertFloats(shape(2), new float[] {0.25f, 63.75f}, run1(op, uint8(shape(2), 1, 255), Tensor.scalar(0.25f)), 0);
    }

    @Test
    void dequantizesInt32Biases() {
        Op op = create("DequantizeLinear", 13, 2, Map.of());
        Tensor y = run1(op, Tensor.ofInts(new int[] {-1000, 0, 40000}, 3), Tensor.scalar(0.001f));
        assertFloats(shape(3), new float[] {-1, 0, 40}, y, 1e-6f);
    }

    @Test
    void dequantizesPerChannelAlongTheDefaultAxisOne() {
        Op op = create("DequantizeLinear", 13, 3, Map.of());
        Tensor x = uint8(shape(1, 3, 2), 0, 10, 0, 10, 0, 10);
        Tensor scale = Tensor.of(new float[] {1, 2, 4}, 3);
        Tensor y = run1(op, x, scale, uint8(shape(3), 0, 5, 10));
        assertFloats(shape(1, 3, 2), new float[] {0, 10, -10, 10, -40, 0}, y, 0);
    }

    @Test
    void dequantizesPerChannelAlongANegativeAxis() {
        Op op = create("DequantizeLinear", 19, 2, Map.of("axis", -1L));
        Tensor x = int8(shape(2, 2), 1, 1, 2, 2);
        Tensor y = run1(op, x, Tensor.of(new float[] {1, 10}, 2));
        assertFloats(shape(2, 2), new float[] {1, 10, 2, 20}, y, 0);
    }

    @Test
    void opset10OnlyQuantizesPerTensor() {
        Op op = create("DequantizeLinear", 10, 2, Map.of());
        OpException e = assertThrows(OpException.class,
            () -> infer(op, uint8(shape(1, 3), 0, 0, 0), Tensor.of(new float[] {1, 2, 3}, 3)));
        assertEquals("x_scale must be a scalar before opset 13, got shape [3]", e.getMessage());
        assertEquals("unsupported attributes [axis]", loadError("DequantizeLinear", 10, 2, Map.of("axis", 1L)).getMessage());
    }

    @Test
    void opset21AcceptsBlockSizeZeroAndRejectsBlockedQuantization() {
        Op op = create("DequantizeLinear", 21, 2, Map.of("block_size", 0L));
        assertFloats(shape(1), new float[] {6}, run1(op, uint8(shape(1), 3), Tensor.scalar(2)), 0);
        OpException e = loadError("DequantizeLinear", 21, 2, Map.of("block_size", 2L));
        assertEquals("block_size=2 (blocked quantization) is not supported; only 0 (per-tensor or per-axis) is", e.getMessage());
    }

    @Test
    void rejectsAScaleThatDoesNotMatchTheAxisLength() {
        Op op = create("DequantizeLinear", 13, 2, Map.of());
        OpException e = assertThrows(OpException.class,
            () -> infer(op, uint8(shape(1, 3), 0, 0, 0), Tensor.of(new float[] {1, 2}, 2)));
        assertEquals("x_scale has 2 elements but x of shape [1, 3] has 3 along axis 1", e.getMessage());
    }

    @Test
    void rejectsAZeroPointOfAnotherType() {
        Op op = create("DequantizeLinear", 13, 3, Map.of());
        OpException e = assertThrows(OpException.class,
            () -> infer(op, uint8(shape(1), 0), Tensor.scalar(1), int8(shape(), 0)));
        assertEquals("x_zero_point must have x's type UINT8, got INT8", e.getMessage());
    }

    @Test
    void rejectsFloatInput() {
        Op op = create("DequantizeLinear", 13, 2, Map.of());
        assertThrows(OpException.class, () -> infer(op, Tensor.scalar(1), Tensor.scalar(1)));
    }
}
