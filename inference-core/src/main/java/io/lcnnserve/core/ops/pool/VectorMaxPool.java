package io.lcnnserve.core.ops.pool;

import io.lcnnserve.core.kernels.conv.ConvShape;
import io.lcnnserve.core.ops.ExecutionContext;
import io.lcnnserve.core.ops.TensorInfo;
import io.lcnnserve.core.ops.spatial.WindowGeometry;
import io.lcnnserve.core.tensor.Tensor;

/**
 * 2-D MaxPool (Y only, no Indices output) on the vector kernel
 * ({@link io.lcnnserve.core.kernels.pool.MaxPool}), planes split across the session's threads.
 * {@code ceil_mode} becomes a larger bottom/right padding, which never wins a window. Inputs of
 * another rank run the reference loop.
 */
public final class VectorMaxPool extends MaxPool {
    /** Kernel geometry for the most recent input shape (ops are shared by sessions; replaced, never mutated). */
    private volatile Layout layout;

    private VectorMaxPool(MaxPool reference) {
        super(reference.window(), false, false);
    }

    /** The vector version of a MaxPool node with a single output; the caller checks there is no Indices output. */
    public static VectorMaxPool of(MaxPool reference) {
        return new VectorMaxPool(reference);
    }

    @Override
    public String opType() {
        return "VectorMaxPool";
    }

    @Override
    public void eval(Tensor[] inputs, Tensor[] outputs) {
        eval(inputs, outputs, ExecutionContext.sequential());
    }

    @Override
    public void eval(Tensor[] inputs, Tensor[] outputs, ExecutionContext context) {
        Tensor x = inputs[0];
        if (x.rank() != 4) {
            super.eval(inputs, outputs);
            return;
        }
        Tensor y = outputs[0];
        Layout l = layout(x);
        io.lcnnserve.core.kernels.pool.MaxPool.compute(l.shape, l.planes(), x.floats(), x.offset(), y.floats(), y.offset(),
            context.parallel());
    }

    private Layout layout(Tensor x) {
        Layout l = layout;
        if (l != null && l.matches(x)) {
            return l;
        }
        WindowGeometry g = geometry(TensorInfo.of(x.type(), x.shape()));
        int[] input = g.inputShape();
        int[] output = g.outputShape();
        int[] kernel = g.kernelShape();
        int[] strides = g.strides();
        int[] dilations = g.dilations();
        int[] padsBegin = g.padsBegin();
        int[] padsEnd = new int[2];
        for (int a = 0; a < 2; a++) {
            // The floor-mode output size of the kernel's geometry must equal ours (ceil_mode adds a last window).
            int extent = (kernel[a] - 1) * dilations[a] + 1;
            padsEnd[a] = Math.max(g.padsEnd()[a], (output[a] - 1) * strides[a] + extent - input[a] - padsBegin[a]);
        }
        ConvShape shape = new ConvShape(1, input[0], input[1], 1, kernel[0], kernel[1], strides[0], strides[1],
            padsBegin[0], padsBegin[1], padsEnd[0], padsEnd[1], dilations[0], dilations[1], 1);
        l = new Layout(x.dim(0), x.dim(1), shape);
        layout = l;
        return l;
    }

    /** The kernel's view of one input shape [N, C, H, W]. */
    private record Layout(int batch, int channels, ConvShape shape) {
        int planes() {
            return batch * channels;
        }

        boolean matches(Tensor x) {
            return x.dim(0) == batch && x.dim(1) == channels && x.dim(2) == shape.height() && x.dim(3) == shape.width();
        }
    }
}
