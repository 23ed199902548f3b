package io.lcnnserve.core.ops.shape;

import io.lcnnserve.core.ops.Attributes;
import io.lcnnserve.core.ops.ExecutionContext;
import io.lcnnserve.core.ops.ItemRanges;
import io.lcnnserve.core.ops.NodeSpec;
import io.lcnnserve.core.ops.Op;
import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.ops.TensorInfo;
import io.lcnnserve.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Split: cuts the input along {@code axis} into one piece per output. Sizes come from the
 * {@code split} attribute (opset &lt; 13) or input (opset 13+, must be constant), else from
 * {@code num_outputs} (opset 18+: chunks of ceil(dim / n), the last one smaller), else the dim is
 * divided equally among the outputs.
 */
public final class Split implements Op {
    private final long axis;
    /** The {@code split} attribute, or null when absent or taken from the input. */
    private final long[] splitAttribute;
    /** {@code num_outputs}, or 0 when absent. */
    private final int numOutputs;
    private final int outputCount;

    private Split(long axis, long[] splitAttribute, int numOutputs, int outputCount) {
        this.axis = axis;
        this.splitAttribute = splitAttribute;
        this.numOutputs = numOutputs;
        this.outputCount = outputCount;
    }

    public static Split create(NodeSpec node) {
        Attributes a = node.attributes();
        // Opset 1 accepted split as an optional input or attribute; opsets 2-12 only as attribute.
        node.requireInputs(1, node.opset() >= 13 || node.opset() == 1 ? 2 : 1);
        node.requireOutputs(1, Integer.MAX_VALUE);
        long axis = a.getInt("axis", 0);
        long[] split = node.opset() < 13 ? a.getInts("split", null) : null;
        int numOutputs = 0;
        if (node.opset() >= 18 && a.has("num_outputs")) {
            long n = a.requireInt("num_outputs");
            if (n != node.outputCount()) {
                throw new OpException("num_outputs = " + n + " but the node has " + node.outputCount() + " outputs");
            }
            numOutputs = (int) n;
        }
        if (split != null && split.length != node.outputCount()) {
            throw new OpException("attribute 'split' " + Arrays.toString(split) + " has " + split.length
                + " sizes for " + node.outputCount() + " outputs");
        }
        return new Split(axis, split, numOutputs, node.outputCount());
    }

    @Override
    public String opType() {
        return "Split";
    }

    @Override
    public List<TensorInfo> inferOutputs(List<TensorInfo> inputs) {
        TensorInfo in = inputs.getFirst();
        TensorInfo splitInput = inputs.size() > 1 ? inputs.get(1) : null;
        long[] split = splitInput == null ? splitAttribute
            : splitInput.requireConstant("Split's 'split' input").toLongArray();
        int ax = Axes.normalize(axis, in.rank(), "axis");
        int[] sizes = sizes(in.dim(ax), split);
        List<TensorInfo> outs = new ArrayList<>(outputCount);
        for (int size : sizes) {
            int[] shape = in.shape();
            shape[ax] = size;
            outs.add(TensorInfo.of(in.type(), shape));
        }
        return outs;
    }

    @Override
    public void eval(Tensor[] inputs, Tensor[] outputs) {
        eval(inputs, outputs, ExecutionContext.sequential());
    }

    /** The copies of each outer index (each image, for a channel split) spread across the session's threads. */
    @Override
    public void eval(Tensor[] inputs, Tensor[] outputs, ExecutionContext context) {
        Tensor in = inputs[0];
        int outer = Axes.span(in, 0, Axes.normalize(axis, in.rank(), "axis"));
        ItemRanges.run(context, outer, in.size(), this, Split::copyPieces, inputs, outputs);
    }

    /** The pieces of outer indices {@code [first, end)} (the dims before the axis, flattened). */
    private void copyPieces(Tensor[] inputs, Tensor[] outputs, int first, int end) {
        Tensor in = inputs[0];
        int ax = Axes.normalize(axis, in.rank(), "axis");
        // The outputs have the shapes inferOutputs gave them; only an omitted one makes the sizes
        // worth recomputing (kept off the steady-state path, which then allocates nothing).
        int[] sizes = null;
        for (Tensor out : outputs) {
            if (out == null) {
                long[] split = inputs.length > 1 && inputs[1] != null ? inputs[1].toLongArray() : splitAttribute;
                sizes = sizes(in.dim(ax), split);
                break;
            }
        }
        int inner = Axes.span(in, ax + 1, in.rank());
        int inBlock = in.dim(ax) * inner;
        int blockStart = 0;
        for (int i = 0; i < outputs.length; i++) {
            int block = (sizes == null ? outputs[i].dim(ax) : sizes[i]) * inner;
            if (outputs[i] != null) {
                for (int o = first; o < end; o++) {
                    TensorCopy.copy(in, o * inBlock + blockStart, outputs[i], o * block, block);
                }
            }
            blockStart += block;
        }
    }

    private int[] sizes(int dim, long[] split) {
        int[] sizes = new int[outputCount];
        if (split != null) {
            if (numOutputs > 0) {
                throw new OpException("Split takes either the 'split' input or 'num_outputs', not both");
            }
            if (split.length != outputCount) {
                throw new OpException("'split' " + Arrays.toString(split) + " has " + split.length
                    + " sizes for " + outputCount + " outputs");
            }
            long sum = 0;
            for (int i = 0; i < split.length; i++) {
                sizes[i] = Axes.dim(split[i], "split size");
                sum += split[i];
            }
            if (sum != dim) {
                throw new OpException("'split' " + Arrays.toString(split) + " sums to " + sum + ", the axis has " + dim);
            }
        } else if (numOutputs > 0) {
            int chunk = (dim + numOutputs - 1) / numOutputs;
            int last = dim - chunk * (numOutputs - 1);
            if (last < 0) {
                throw new OpException("an axis of " + dim + " cannot be split into " + numOutputs
                    + " chunks of " + chunk + " (num_outputs)");
            }
            Arrays.fill(sizes, chunk);
            sizes[numOutputs - 1] = last;
        } else {
            if (dim % outputCount != 0) {
                throw new OpException("an axis of " + dim + " does not split equally into " + outputCount + " outputs");
            }
            Arrays.fill(sizes, dim / outputCount);
        }
        return sizes;
    }
}
