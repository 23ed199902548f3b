package io.lcnnserve.core.ops.quantize;

import io.lcnnserve.core.ops.Attributes;
import io.lcnnserve.core.ops.NodeSpec;
import io.lcnnserve.core.ops.Op;
import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.ops.TensorInfo;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Shapes;
import io.lcnnserve.core.tensor.Tensor;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * ONNX DequantizeLinear: {@code y = (x - x_zero_point) * x_scale} for UINT8, INT8 or INT32 x,
 * giving FLOAT. The zero point is optional (0) and has x's type.
 *
 * <p>Opset 10 only quantizes per tensor (scalar scale and zero point). From opset 13 a 1-D
 * scale quantizes per slice along {@code axis} (default 1), with one scale per index of that
 * axis. Opset 19 added low-precision float types and opset 21 blocked quantization
 * ({@code block_size} &gt; 0); neither is supported, and {@code block_size} must be 0.
 */
public final class DequantizeLinear implements Op {
    private static final Set<DataType> INPUT_TYPES = EnumSet.of(DataType.UINT8, DataType.INT8, DataType.INT32);

    private final long axis;
    private final boolean perAxisAllowed;

    private DequantizeLinear(NodeSpec node) {
        node.requireInputs(2, 3);
        node.requireOutputs(1, 1);
        Attributes attributes = node.attributes();
        this.perAxisAllowed = node.opset() >= 13;
        this.axis = perAxisAllowed ? attributes.getInt("axis", 1) : 1;
        if (node.opset() >= 21) {
            long blockSize = attributes.getInt("block_size", 0);
            if (blockSize != 0) {
                throw new OpException("block_size=" + blockSize + " (blocked quantization) is not supported; only 0"
                    + " (per-tensor or per-axis) is");
            }
        }
    }

    public static Op create(NodeSpec node) {
        return new DequantizeLinear(node);
    }

    public long axis() {
        return axis;
    }

    @Override
    public String opType() {
        return "DequantizeLinear";
    }

    @Override
    public List<TensorInfo> inferOutputs(List<TensorInfo> inputs) {
        TensorInfo x = inputs.get(0);
        TensorInfo scale = inputs.get(1);
        TensorInfo zeroPoint = inputs.size() > 2 ? inputs.get(2) : null;
        if (!INPUT_TYPES.contains(x.type())) {
            throw new OpException("x must be one of " + INPUT_TYPES + ", got " + x.type());
        }
        if (scale.type() != DataType.FLOAT) {
            throw new OpException("x_scale must be FLOAT, got " + scale.type());
        }
        if (zeroPoint != null) {
            if (zeroPoint.type() != x.type()) {
                throw new OpException("x_zero_point must have x's type " + x.type() + ", got " + zeroPoint.type());
            }
            if (!Arrays.equals(zeroPoint.shape(), scale.shape())) {
                throw new OpException("x_zero_point of shape " + Arrays.toString(zeroPoint.shape())
                    + " must have x_scale's shape " + Arrays.toString(scale.shape()));
            }
        }
        layout(x.shape(), scale.shape());
        return List.of(TensorInfo.of(DataType.FLOAT, x.shape()));
    }

    @Override
    public void eval(Tensor[] inputs, Tensor[] outputs) {
        Tensor x = inputs[0];
        Tensor scale = inputs[1];
        Tensor zeroPoint = inputs.length > 2 ? inputs[2] : null;
        Tensor y = outputs[0];
        int[] layout = layout(x.shape(), scale.shape());
        int outer = layout[0];
        int channels = layout[1];
        int inner = layout[2];
        float[] scales = scale.floats();
        float[] ys = y.floats();
        int yo = y.offset();
        for (int o = 0; o < outer; o++) {
            for (int c = 0; c < channels; c++) {
                float s = scales[scale.offset() + c];
                long zero = zeroPoint == null ? 0 : zeroPoint.getLong(c);
                int base = (o * channels + c) * inner;
                for (int i = 0; i < inner; i++) {
                    ys[yo + base + i] = (x.getLong(base + i) - zero) * s;
                }
            }
        }
    }

    /**
     * {outer, channels, inner}: x viewed so that scale index c applies to slice [:, c, :].
     * A single-element scale of rank 0 or 1 is per tensor (channels = 1).
     */
    private int[] layout(int[] x, int[] scale) {
        int size = Shapes.elementCount(x);
        if (scale.length <= 1 && Shapes.elementCount(scale) == 1) {
            return new int[] {1, 1, size};
        }
        if (!perAxisAllowed || scale.length != 1) {
            throw new OpException("x_scale must be a scalar" + (perAxisAllowed ? " or 1-D" : " before opset 13")
                + ", got shape " + Arrays.toString(scale));
        }
        int a;
        try {
            a = Shapes.normalizeAxis(axis, x.length);
        } catch (IllegalArgumentException e) {
            throw new OpException("axis " + axis + " is out of range for x of shape " + Arrays.toString(x));
        }
        if (scale[0] != x[a]) {
            throw new OpException("x_scale has " + scale[0] + " elements but x of shape " + Arrays.toString(x)
                + " has " + x[a] + " along axis " + a);
        }
        int outer = Shapes.elementCount(Arrays.copyOfRange(x, 0, a));
        return new int[] {outer, x[a], Shapes.elementCount(Arrays.copyOfRange(x, a + 1, x.length))};
    }
}
