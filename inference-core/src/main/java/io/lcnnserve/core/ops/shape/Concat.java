package io.lcnnserve.core.ops.shape;

import io.lcnnserve.core.ops.NodeSpec;
import io.lcnnserve.core.ops.Op;
import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.ops.TensorInfo;
import io.lcnnserve.core.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/** Concat: joins inputs of equal rank along {@code axis}; every other dim must match. */
public final class Concat implements Op {
    private final long axis;

    private Concat(long axis) {
        this.axis = axis;
    }

    public static Concat create(NodeSpec node) {
        node.requireInputs(1, Integer.MAX_VALUE);
        node.requireOutputs(1, 1);
        // Opset 4 made axis required; before it defaulted to 1.
        long axis = node.opset() < 4 ? node.attributes().getInt("axis", 1) : node.attributes().requireInt("axis");
        return new Concat(axis);
    }

    public long axis() {
        return axis;
    }

    @Override
    public String opType() {
        return "Concat";
    }

    @Override
    public List<TensorInfo> inferOutputs(List<TensorInfo> inputs) {
        TensorInfo first = inputs.getFirst();
        if (first == null || first.rank() == 0) {
            throw new OpException("Concat needs inputs of rank >= 1, got " + first);
        }
        int ax = Axes.normalize(axis, first.rank(), "axis");
        int[] out = first.shape();
        out[ax] = 0;
        for (int i = 0; i < inputs.size(); i++) {
            TensorInfo in = inputs.get(i);
            if (in == null || in.type() != first.type() || in.rank() != first.rank()) {
                throw new OpException("input " + i + " " + in + " does not match input 0 " + first + " in type and rank");
            }
            for (int d = 0; d < out.length; d++) {
                if (d != ax && in.dim(d) != first.dim(d)) {
                    throw new OpException("input " + i + " has shape " + Arrays.toString(in.shape())
                        + ", input 0 has " + Arrays.toString(first.shape()) + ": only axis " + ax + " may differ");
                }
            }
            out[ax] += in.dim(ax);
        }
        return List.of(TensorInfo.of(first.type(), out));
    }

    @Override
    public void eval(Tensor[] inputs, Tensor[] outputs) {
        Tensor out = outputs[0];
        copyBlocks(inputs, out, 0, Axes.span(out, 0, Axes.normalize(axis, out.rank(), "axis")));
    }

    /** The copies for outer indices {@code [first, end)} (the dims before the axis, flattened). */
    void copyBlocks(Tensor[] inputs, Tensor out, int first, int end) {
        int ax = Axes.normalize(axis, out.rank(), "axis");
        int inner = Axes.span(out, ax + 1, out.rank());
        int outBlock = out.dim(ax) * inner;
        int blockStart = 0;
        for (Tensor in : inputs) {
            int block = in.dim(ax) * inner;
            for (int o = first; o < end; o++) {
                TensorCopy.copy(in, o * block, out, o * outBlock + blockStart, block);
            }
            blockStart += block;
        }
    }
}
