package io.lcnnserve.core.ops.shape;

import io.lcnnserve.core.ops.ConcatenatedOutput;
import io.lcnnserve.core.ops.ExecutionContext;
import io.lcnnserve.core.ops.ItemRanges;
import io.lcnnserve.core.ops.TensorInfo;
import io.lcnnserve.core.tensor.Tensor;
import java.util.List;

/**
 * Concat whose inputs the memory plan may place inside its output ({@link ConcatenatedOutput}):
 * when every dimension before the axis is 1, input i is the contiguous slice of the output that
 * starts after inputs 0..i-1. Inputs the plan placed there (same array, right offset) are not
 * copied; any other input, and every input when the layout is not contiguous, is copied as the
 * reference Concat does.
 */
public final class InPlaceConcat implements ConcatenatedOutput {
    private final Concat concat;

    private InPlaceConcat(Concat concat) {
        this.concat = concat;
    }

    public static InPlaceConcat of(Concat concat) {
        return new InPlaceConcat(concat);
    }

    @Override
    public String opType() {
        return "InPlaceConcat";
    }

    @Override
    public List<TensorInfo> inferOutputs(List<TensorInfo> inputs) {
        return concat.inferOutputs(inputs);
    }

    @Override
    public int[] inputOffsets(List<TensorInfo> inputs) {
        TensorInfo first = inputs.getFirst();
        int ax = Axes.normalize(concat.axis(), first.rank(), "axis");
        if (Axes.span(first.shape(), 0, ax) != 1) {
            return null;
        }
        int[] offsets = new int[inputs.size()];
        int offset = 0;
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = offset;
            int[] shape = inputs.get(i).shape();
            offset += Axes.span(shape, 0, shape.length);
        }
        return offsets;
    }

    @Override
    public void eval(Tensor[] inputs, Tensor[] outputs) {
        eval(inputs, outputs, ExecutionContext.sequential());
    }

    /** A non-contiguous layout (batch &gt; 1) copies every input, image by image across the session's threads. */
    @Override
    public void eval(Tensor[] inputs, Tensor[] outputs, ExecutionContext context) {
        Tensor out = outputs[0];
        int ax = Axes.normalize(concat.axis(), out.rank(), "axis");
        int outer = Axes.span(out, 0, ax);
        if (outer != 1) {
            ItemRanges.run(context, outer, out.size(), concat, InPlaceConcat::copyBlocks, inputs, outputs);
            return;
        }
        int position = 0;
        for (Tensor in : inputs) {
            boolean inPlace = in.data() == out.data() && in.offset() == out.offset() + position;
            if (!inPlace) {
                TensorCopy.copy(in, 0, out, position, in.size());
            }
            position += in.size();
        }
    }

    private static void copyBlocks(Concat concat, Tensor[] inputs, Tensor[] outputs, int first, int end) {
        concat.copyBlocks(inputs, outputs[0], first, end);
    }
}
