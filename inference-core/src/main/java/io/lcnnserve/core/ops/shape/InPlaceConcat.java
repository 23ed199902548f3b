package io.lcnnserve.core.ops.shape;

import io.lcnnserve.core.ops.ConcatenatedOutput;
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
        Tensor out = outputs[0];
        int ax = Axes.normalize(concat.axis(), out.rank(), "axis");
        if (Axes.span(out, 0, ax) != 1) {
            concat.eval(inputs, outputs);
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
}
