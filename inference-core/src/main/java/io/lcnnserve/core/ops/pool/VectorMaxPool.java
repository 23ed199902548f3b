package io.lcnnserve.core.ops.pool;

import io.lcnnserve.core.kernels.KernelConfig;
import io.lcnnserve.core.kernels.conv.ConvShape;
import io.lcnnserve.core.kernels.pool.ChannelBlockedMaxPool;
import io.lcnnserve.core.kernels.pool.RowMaxPool3x3;
import io.lcnnserve.core.ops.ExecutionContext;
import io.lcnnserve.core.ops.TensorInfo;
import io.lcnnserve.core.ops.spatial.KernelWindows;
import io.lcnnserve.core.tensor.Tensor;

/**
 * 2-D MaxPool (Y only, no Indices output) on the vector kernels: wide 3x3 windows of stride 1 or 2
 * along rows ({@link RowMaxPool3x3}), everything else on channel blocks
 * ({@link ChannelBlockedMaxPool}); the plane-by-plane {@link io.lcnnserve.core.kernels.pool.MaxPool}
 * when scalar kernels are forced. Work is split across the session's threads.
 * {@code ceil_mode} becomes a larger bottom/right padding ({@link KernelWindows}), which never wins
 * a window. Inputs of another rank run the reference loop.
 */
public final class VectorMaxPool extends MaxPool {
    /**
     * Output width from which 3x3 windows run on the row kernel (measured on SqueezeNet's and
     * ShuffleNet's pools: faster at 54-56 output columns, 0.58 -> 0.48 ms and 0.40 -> 0.28 ms; slower at 27 and 13).
     */
    private static final int ROW_KERNEL_MIN_WIDTH = 48;
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
        if (KernelConfig.vectorized() && prefersRowKernel(l.shape)) {
            RowMaxPool3x3.compute(l.shape, l.planes(), x.floats(), x.offset(), y.floats(), y.offset(), context.parallel());
        } else if (KernelConfig.vectorized()) {
            ChannelBlockedMaxPool.compute(l.shape, l.batch, l.channels, x.floats(), x.offset(), y.floats(), y.offset(),
                context.parallel());
        } else {
            io.lcnnserve.core.kernels.pool.MaxPool.compute(l.shape, l.planes(), x.floats(), x.offset(), y.floats(),
                y.offset(), context.parallel());
        }
    }

    /** Wide 3x3 windows fill whole vectors along their output rows and need no channel transposes. */
    static boolean prefersRowKernel(ConvShape shape) {
        return RowMaxPool3x3.supports(shape) && shape.outWidth() >= ROW_KERNEL_MIN_WIDTH;
    }

    private Layout layout(Tensor x) {
        Layout l = layout;
        if (l != null && l.matches(x)) {
            return l;
        }
        ConvShape shape = KernelWindows.of(geometry(TensorInfo.of(x.type(), x.shape())), 1, 1, 1);
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
