package io.lcnnserve.core.ops.shape;

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
 * Reshape: the same elements under a new shape. The target comes from the {@code shape}
 * attribute (opset &lt; 5) or input (opset 5+, must be constant); a 0 copies the input's dim at
 * that position (unless {@code allowzero}, opset 14+, makes it a literal 0) and one -1 is inferred.
 */
public final class Reshape implements Op {
    /** The opset &lt; 5 attribute, else null. */
    private final long[] shapeAttribute;
    private final boolean allowZero;

    private Reshape(long[] shapeAttribute, boolean allowZero) {
        this.shapeAttribute = shapeAttribute;
        this.allowZero = allowZero;
    }

    public static Reshape create(NodeSpec node) {
        node.requireOutputs(1, 1);
        Attributes a = node.attributes();
        if (node.opset() < 5) {
            node.requireInputs(1, 1);
            a.ignore("consumed_inputs");
            long[] shape = a.getInts("shape", null);
            if (shape == null) {
                throw new OpException("required attribute 'shape' is missing");
            }
            return new Reshape(shape, false);
        }
        node.requireInputs(2, 2);
        long allowZero = node.opset() >= 14 ? a.getInt("allowzero", 0) : 0;
        if (allowZero != 0 && allowZero != 1) {
            throw new OpException("attribute 'allowzero' must be 0 or 1, got " + allowZero);
        }
        return new Reshape(null, allowZero == 1);
    }

    @Override
    public String opType() {
        return "Reshape";
    }

    @Override
    public List<TensorInfo> inferOutputs(List<TensorInfo> inputs) {
        TensorInfo data = inputs.getFirst();
        long[] requested = shapeAttribute;
        if (requested == null) {
            TensorInfo shape = inputs.get(1);
            if (shape.type() != DataType.INT64 || shape.rank() != 1) {
                throw new OpException("Reshape's 'shape' input must be a 1-D INT64 tensor, got " + shape);
            }
            requested = shape.requireConstant("Reshape's 'shape' input").toLongArray();
        }
        return List.of(TensorInfo.of(data.type(), resolve(data.shape(), requested)));
    }

    @Override
    public void eval(Tensor[] inputs, Tensor[] outputs) {
        TensorCopy.copyAll(inputs[0], outputs[0]);
    }

    private int[] resolve(int[] in, long[] requested) {
        int[] out = new int[requested.length];
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < requested.length; i++) {
            long v = requested[i];
            if (v == -1) {
                if (inferred >= 0) {
                    throw new OpException("shape " + Arrays.toString(requested) + " has more than one -1");
                }
                inferred = i;
                continue;
            }
            if (v == 0 && !allowZero) {
                if (i >= in.length) {
                    throw new OpException("shape " + Arrays.toString(requested) + " copies dim " + i
                        + " (0) from input shape " + Arrays.toString(in) + ", which has no such dim");
                }
                out[i] = in[i];
            } else {
                out[i] = Axes.dim(v, "Reshape target dim");
            }
            known *= out[i];
        }
        long total = Shapes.elementCount(in);
        if (inferred >= 0) {
            if (known == 0 || total % known != 0) {
                throw new OpException("cannot infer the -1 in shape " + Arrays.toString(requested)
                    + " for input shape " + Arrays.toString(in));
            }
            out[inferred] = (int) (total / known);
            known *= out[inferred];
        }
        if (known != total) {
            throw new OpException("cannot reshape " + Arrays.toString(in) + " (" + total + " elements) to "
                + Arrays.toString(requested) + " (" + known + " elements)");
        }
        return out;
    }
}
