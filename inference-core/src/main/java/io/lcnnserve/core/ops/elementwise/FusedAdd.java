package io.lcnnserve.core.ops.elementwise;

import io.lcnnserve.core.kernels.Activation;
import io.lcnnserve.core.kernels.activation.ActivationKernels;
import io.lcnnserve.core.kernels.elementwise.ElementwiseKernels;
import io.lcnnserve.core.kernels.parallel.Parallel;
import io.lcnnserve.core.ops.ExecutionContext;
import io.lcnnserve.core.ops.Op;
import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.ops.TensorInfo;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import java.util.List;

/**
 * ONNX Add followed by an element-wise activation (a residual connection and its activation),
 * in one pass: {@code C = activation(A + B)}. FLOAT inputs of the same shape run the element-wise
 * kernel (split across the session's threads when large), a FLOAT single-element operand (the
 * {@code x + 3} of a hard sigmoid) the bias kernel; other shapes and types use the reference
 * broadcasting Add, then the activation in place.
 */
public final class FusedAdd implements Op {
    /** Below this many elements splitting across threads costs more than it saves. */
    private static final int PARALLEL_MIN_ELEMENTS = 1 << 14;

    private final Add add;
    private final Activation activation;

    private FusedAdd(Add add, Activation activation) {
        this.add = add;
        this.activation = activation;
    }

    /** The fused op for an Add node. */
    public static FusedAdd create(Op add, Activation activation) {
        if (!(add instanceof Add reference)) {
            throw new OpException("FusedAdd wraps an Add, got " + add.opType());
        }
        return new FusedAdd(reference, activation);
    }

    public FusedAdd withActivation(Activation newActivation) {
        return new FusedAdd(add, newActivation);
    }

    public Activation activation() {
        return activation;
    }

    @Override
    public String opType() {
        return "FusedAdd";
    }

    @Override
    public List<TensorInfo> inferOutputs(List<TensorInfo> inputs) {
        List<TensorInfo> out = add.inferOutputs(inputs);
        if (!activation.isIdentity() && out.get(0).type() != DataType.FLOAT) {
            throw new OpException("activation " + activation + " needs FLOAT inputs, got " + out.get(0).type());
        }
        return out;
    }

    @Override
    public void eval(Tensor[] inputs, Tensor[] outputs) {
        eval(inputs, outputs, ExecutionContext.sequential());
    }

    @Override
    public void eval(Tensor[] inputs, Tensor[] outputs, ExecutionContext context) {
        Tensor a = inputs[0];
        Tensor b = inputs[1];
        Tensor y = outputs[0];
        boolean floats = a.type() == DataType.FLOAT;
        if (floats && SameShape.of(a, b) && SameShape.of(a, y)) {
            addSameShape(a, b, y, context.parallel());
        } else if (floats && b.size() == 1 && SameShape.of(a, y)) {
            addScalar(a, b, y);
        } else if (floats && a.size() == 1 && SameShape.of(b, y)) {
            addScalar(b, a, y);
        } else {
            add.eval(inputs, outputs);
            if (!activation.isIdentity()) {
                ActivationKernels.apply(activation, y.floats(), y.offset(), y.floats(), y.offset(), y.size());
            }
        }
    }

    private void addSameShape(Tensor a, Tensor b, Tensor y, Parallel parallel) {
        int n = y.size();
        if (parallel.threads() == 1 || n < PARALLEL_MIN_ELEMENTS) {
            ElementwiseKernels.add(a.floats(), a.offset(), b.floats(), b.offset(), y.floats(), y.offset(), n, activation);
        } else {
            SUM_RANGES.get().run(a, b, y, activation, parallel);
        }
    }

    /**
     * A same-shape sum split across threads. One per calling thread, reused from run to run, so
     * dispatching allocates nothing.
     */
    private static final class SumRanges implements Parallel.RangeBody {
        private Tensor a;
        private Tensor b;
        private Tensor y;
        private Activation activation;

        void run(Tensor a, Tensor b, Tensor y, Activation activation, Parallel parallel) {
            this.a = a;
            this.b = b;
            this.y = y;
            this.activation = activation;
            try {
                parallel.forRange(y.size(), 64, this);
            } finally {
                this.a = null;
                this.b = null;
                this.y = null;
            }
        }

        @Override
        public void run(int part, int start, int end) {
            ElementwiseKernels.add(a.floats(), a.offset() + start, b.floats(), b.offset() + start, y.floats(),
                y.offset() + start, end - start, activation);
        }
    }

    private static final ThreadLocal<SumRanges> SUM_RANGES = ThreadLocal.withInitial(SumRanges::new);

    /** {@code y = activation(x + s)} for a single-element {@code s}: x copied, then the bias kernel in place. */
    private void addScalar(Tensor x, Tensor s, Tensor y) {
        if (x.data() != y.data() || x.offset() != y.offset()) {
            System.arraycopy(x.floats(), x.offset(), y.floats(), y.offset(), y.size());
        }
        ActivationKernels.applyToBlock(activation, s.floats(), s.offset(), null, 0, y.floats(), y.offset(), y.size(), 1,
            y.size());
    }

    @Override
    public String toString() {
        return "FusedAdd[" + activation + "]";
    }
}
