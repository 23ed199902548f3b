package io.lcnnserve.core.ops.shape;

import io.lcnnserve.core.ops.NodeSpec;
import io.lcnnserve.core.ops.Op;
import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.ops.TensorInfo;
import io.lcnnserve.core.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Squeeze: removes the given size-1 axes (attribute before opset 13, constant input from 13), or
 * every size-1 axis when none are given.
 */
public final class Squeeze implements Op {
    private final AxesArgument axes;

    private Squeeze(AxesArgument axes) {
        this.axes = axes;
    }

    public static Squeeze create(NodeSpec node) {
        node.requireInputs(1, node.opset() >= 13 ? 2 : 1);
        node.requireOutputs(1, 1);
        return new Squeeze(AxesArgument.of(node, 13));
    }

    @Override
    public String opType() {
        return "Squeeze";
    }

    @Override
    public List<TensorInfo> inferOutputs(List<TensorInfo> inputs) {
        TensorInfo in = inputs.getFirst();
        int[] shape = in.shape();
        long[] requested = axes.planned(inputs, "Squeeze");
        boolean[] removed = new boolean[shape.length];
        if (requested == null) {
            for (int d = 0; d < shape.length; d++) {
                removed[d] = shape[d] == 1;
            }
        } else {
            for (int ax : Axes.normalizeAll(requested, shape.length, "Squeeze axis")) {
                if (shape[ax] != 1) {
                    throw new OpException("cannot squeeze axis " + ax + " of shape " + Arrays.toString(shape)
                        + ": its size is " + shape[ax] + ", not 1");
                }
                removed[ax] = true;
            }
        }
        int[] out = new int[shape.length];
        int rank = 0;
        for (int d = 0; d < shape.length; d++) {
            if (!removed[d]) {
                out[rank++] = shape[d];
            }
        }
        return List.of(TensorInfo.of(in.type(), Arrays.copyOf(out, rank)));
    }

    @Override
    public void eval(Tensor[] inputs, Tensor[] outputs) {
        TensorCopy.copyAll(inputs[0], outputs[0]);
    }
}
