package io.lcnnserve.core.ops.activation;

import io.lcnnserve.core.ops.Attributes;
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
 * ONNX Clip: {@code min(max(x, low), high)}, so when {@code low > high} every element becomes
 * {@code high}, as the spec requires. NaN stays NaN.
 *
 * <p>Before opset 11 the bounds are the {@code min}/{@code max} attributes, defaulting to the
 * lowest and highest finite float. From opset 11 they are optional single-element inputs 1
 * and 2 (read at run time, so they may be computed); an omitted bound does not clip.
 */
public final class Clip implements Op {
    /** Bounds from the attributes (opset &lt; 11); unused when the bounds are inputs. */
    private final float attributeLow;
    private final float attributeHigh;
    private final boolean boundsAreInputs;

    private Clip(NodeSpec node) {
        node.requireOutputs(1, 1);
        this.boundsAreInputs = node.opset() >= 11;
        Attributes attributes = node.attributes();
        if (boundsAreInputs) {
            node.requireInputs(1, 3);
            this.attributeLow = Float.NEGATIVE_INFINITY;
            this.attributeHigh = Float.POSITIVE_INFINITY;
        } else {
            node.requireInputs(1, 1);
            if (node.opset() < 6) {
                // consumed_inputs (opset 1) was a memory-reuse hint for the producing framework.
                attributes.ignore("consumed_inputs");
            }
            this.attributeLow = attributes.getFloat("min", -Float.MAX_VALUE);
            this.attributeHigh = attributes.getFloat("max", Float.MAX_VALUE);
        }
    }

    public static Op create(NodeSpec node) {
        return new Clip(node);
    }

    @Override
    public String opType() {
        return "Clip";
    }

    @Override
    public List<TensorInfo> inferOutputs(List<TensorInfo> inputs) {
        TensorInfo x = inputs.get(0);
        UnaryFloatOp.requireFloat(x, "input");
        for (int k = 1; k < inputs.size(); k++) {
            TensorInfo bound = inputs.get(k);
            if (bound == null) {
                continue;
            }
            String name = k == 1 ? "min" : "max";
            UnaryFloatOp.requireFloat(bound, name);
            if (bound.rank() > 1 || Shapes.elementCount(bound.shape()) != 1) {
                throw new OpException(name + " must be a scalar, got shape " + Arrays.toString(bound.shape()));
            }
        }
        return List.of(TensorInfo.of(DataType.FLOAT, x.shape()));
    }

    @Override
    public void eval(Tensor[] inputs, Tensor[] outputs) {
        float low = low(inputs.length > 1 ? inputs[1] : null);
        float high = high(inputs.length > 2 ? inputs[2] : null);
        // The loop written out (no Bounds, no capturing lambda), so a run allocates nothing.
        float[] x = inputs[0].floats();
        float[] y = outputs[0].floats();
        int xo = inputs[0].offset();
        int yo = outputs[0].offset();
        for (int i = 0; i < inputs[0].size(); i++) {
            y[yo + i] = Math.min(Math.max(x[xo + i], low), high);
        }
    }

    /** The clipping interval; {@code low > high} is allowed and clips everything to {@code high}. */
    public record Bounds(float low, float high) {
    }

    /**
     * The bounds this node clips to, given its min and max input values (null when omitted or
     * before opset 11, where the attributes apply). An optimizer fusing Clip into a kernel
     * calls this with the constant inputs.
     */
    public Bounds bounds(Tensor min, Tensor max) {
        return new Bounds(low(min), high(max));
    }

    private float low(Tensor min) {
        if (!boundsAreInputs) {
            return attributeLow;
        }
        return min == null ? Float.NEGATIVE_INFINITY : min.floats()[min.offset()];
    }

    private float high(Tensor max) {
        if (!boundsAreInputs) {
            return attributeHigh;
        }
        return max == null ? Float.POSITIVE_INFINITY : max.floats()[max.offset()];
    }

    /** True from opset 11, where the bounds are inputs 1 and 2 rather than attributes. */
    public boolean boundsAreInputs() {
        return boundsAreInputs;
    }
}
