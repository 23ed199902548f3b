package io.lcnnserve.core.ops.normalization;

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
 * ONNX BatchNormalization in inference mode:
 * {@code Y = scale * (X - mean) / sqrt(var + epsilon) + B} with the stored running mean and
 * variance, for X of shape [N, C, D1, ...].
 *
 * <p>Training is rejected at load: {@code training_mode=1} (opset 14+) and the extra
 * mean/variance outputs that only training produces. {@code momentum} only affects training
 * and is ignored; so is {@code is_test} (opsets 1–6), since a node with only the Y output
 * can only be evaluated with the stored statistics. {@code spatial=0} (opsets 1–8) gives every
 * activation its own parameters, shaped [C, D1, ...] instead of [C].
 */
public final class BatchNormalization implements Op {
    private final float epsilon;
    private final boolean spatial;

    private BatchNormalization(NodeSpec node) {
        node.requireInputs(5, 5);
        int opset = node.opset();
        Attributes attributes = node.attributes();
        if (opset >= 14 && attributes.getInt("training_mode", 0) != 0) {
            throw new OpException("training_mode=1 is not supported: lcnn-serve only runs inference");
        }
        if (node.outputCount() > 1) {
            throw new OpException("has " + node.outputCount() + " outputs; the running/saved mean and variance"
                + " outputs only exist in training mode, which lcnn-serve does not run");
        }
        node.requireOutputs(1, 1);
        this.epsilon = attributes.getFloat("epsilon", 1e-5f);
        attributes.ignore("momentum");
        if (opset < 7) {
            attributes.ignore("is_test");
        }
        if (opset < 6) {
            // consumed_inputs (opset 1) was a memory-reuse hint for the producing framework.
            attributes.ignore("consumed_inputs");
        }
        this.spatial = opset >= 9 || attributes.getInt("spatial", 1) != 0;
    }

    public static Op create(NodeSpec node) {
        return new BatchNormalization(node);
    }

    public float epsilon() {
        return epsilon;
    }

    /** True when scale, B, mean and var hold one value per channel (always from opset 9). */
    public boolean spatial() {
        return spatial;
    }

    @Override
    public String opType() {
        return "BatchNormalization";
    }

    @Override
    public List<TensorInfo> inferOutputs(List<TensorInfo> inputs) {
        TensorInfo x = inputs.get(0);
        if (x.rank() < 2) {
            throw new OpException("X must have shape [N, C, ...], got " + Arrays.toString(x.shape()));
        }
        int[] paramShape = spatial ? new int[] {x.dim(1)} : Arrays.copyOfRange(x.shape(), 1, x.rank());
        String[] names = {"X", "scale", "B", "mean", "var"};
        for (int k = 0; k < names.length; k++) {
            TensorInfo input = inputs.get(k);
            if (input == null) {
                throw new OpException("input " + names[k] + " is missing");
            }
            if (input.type() != DataType.FLOAT) {
                throw new OpException(names[k] + " must be FLOAT, got " + input.type());
            }
            if (k > 0 && !Arrays.equals(input.shape(), paramShape)) {
                throw new OpException(names[k] + " must have shape " + Arrays.toString(paramShape) + " for X of shape "
                    + Arrays.toString(x.shape()) + (spatial ? "" : " (spatial=0)") + ", got " + Arrays.toString(input.shape()));
            }
        }
        return List.of(TensorInfo.of(DataType.FLOAT, x.shape()));
    }

    /** Reference evaluation, per element in double (in the spec's order of operations) and rounded once. */
    @Override
    public void eval(Tensor[] inputs, Tensor[] outputs) {
        Tensor x = inputs[0];
        Tensor y = outputs[0];
        int[] shape = x.shape();
        int batch = shape[0];
        int channels = shape[1];
        int inner = Shapes.elementCount(Arrays.copyOfRange(shape, 2, shape.length));
        float[] xs = x.floats();
        float[] ys = y.floats();
        float[] scale = inputs[1].floats();
        float[] bias = inputs[2].floats();
        float[] mean = inputs[3].floats();
        float[] var = inputs[4].floats();
        int so = inputs[1].offset();
        int bo = inputs[2].offset();
        int mo = inputs[3].offset();
        int vo = inputs[4].offset();
        for (int n = 0; n < batch; n++) {
            for (int c = 0; c < channels; c++) {
                int base = (n * channels + c) * inner;
                for (int i = 0; i < inner; i++) {
                    int p = spatial ? c : c * inner + i;
                    double normalized = (double) scale[so + p] * (xs[x.offset() + base + i] - (double) mean[mo + p])
                        / Math.sqrt((double) var[vo + p] + epsilon);
                    ys[y.offset() + base + i] = (float) (normalized + bias[bo + p]);
                }
            }
        }
    }
}
