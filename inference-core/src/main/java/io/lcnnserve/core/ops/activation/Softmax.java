package io.lcnnserve.core.ops.activation;

import io.lcnnserve.core.ops.NodeSpec;
import io.lcnnserve.core.ops.Op;
import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.ops.TensorInfo;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Shapes;
import io.lcnnserve.core.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * ONNX Softmax: {@code exp(x - max) / sum(exp(x - max))}; subtracting the maximum keeps exp
 * from overflowing without changing the result.
 *
 * <p>The axis means different things by opset. Before 13 the input is coerced to 2-D
 * {@code [prod(dims[:axis]), prod(dims[axis:])]} and softmax runs over each row (axis defaults
 * to 1). From 13 softmax runs along the single axis (defaults to -1). Both reduce to
 * {@code [outer, length, inner]} with softmax along the middle.
 */
public final class Softmax implements Op {
    private final long axis;
    private final boolean coerceTo2d;

    private Softmax(NodeSpec node) {
        node.requireInputs(1, 1);
        node.requireOutputs(1, 1);
        this.coerceTo2d = node.opset() < 13;
        this.axis = node.attributes().getInt("axis", coerceTo2d ? 1 : -1);
    }

    public static Op create(NodeSpec node) {
        return new Softmax(node);
    }

    public long axis() {
        return axis;
    }

    /** True for opsets before 13, where the axis splits the input into a 2-D matrix. */
    public boolean coercesTo2d() {
        return coerceTo2d;
    }

    @Override
    public String opType() {
        return "Softmax";
    }

    @Override
    public List<TensorInfo> inferOutputs(List<TensorInfo> inputs) {
        TensorInfo x = inputs.get(0);
        UnaryFloatOp.requireFloat(x, "input");
        layout(x.shape());
        return List.of(TensorInfo.of(DataType.FLOAT, x.shape()));
    }

    @Override
    public void eval(Tensor[] inputs, Tensor[] outputs) {
        Tensor x = inputs[0];
        Tensor y = outputs[0];
        int[] layout = layout(x.shape());
        softmax(x.floats(), x.offset(), y.floats(), y.offset(), layout[0], layout[1], layout[2]);
    }

    /**
     * Softmax of {@code [outer, length, inner]} along the middle axis. Exponentials are computed
     * in double and summed in double; each output is rounded once to float.
     */
    public static void softmax(float[] x, int xOffset, float[] y, int yOffset, int outer, int length, int inner) {
        for (int o = 0; o < outer; o++) {
            for (int in = 0; in < inner; in++) {
                int base = o * length * inner + in;
                float max = Float.NEGATIVE_INFINITY;
                for (int i = 0; i < length; i++) {
                    max = Math.max(max, x[xOffset + base + i * inner]);
                }
                double sum = 0;
                for (int i = 0; i < length; i++) {
                    sum += Math.exp((double) x[xOffset + base + i * inner] - max);
                }
                for (int i = 0; i < length; i++) {
                    y[yOffset + base + i * inner] = (float) (Math.exp((double) x[xOffset + base + i * inner] - max) / sum);
                }
            }
        }
    }

    /** {outer, length, inner} for this op's axis rule applied to {@code shape}. */
    private int[] layout(int[] shape) {
        int a;
        try {
            a = Shapes.normalizeAxis(axis, shape.length);
        } catch (IllegalArgumentException e) {
            throw new OpException("axis " + axis + " is out of range for input of shape " + Arrays.toString(shape));
        }
        int outer = Shapes.elementCount(Arrays.copyOfRange(shape, 0, a));
        if (coerceTo2d) {
            return new int[] {outer, Shapes.elementCount(Arrays.copyOfRange(shape, a, shape.length)), 1};
        }
        return new int[] {outer, shape[a], Shapes.elementCount(Arrays.copyOfRange(shape, a + 1, shape.length))};
    }
}
