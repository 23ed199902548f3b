package io.lcnnserve.core.ops.elementwise;

import static io.lcnnserve.core.kernels.KernelConfig.FLOAT_SPECIES;

import io.lcnnserve.core.kernels.Activation;
import io.lcnnserve.core.kernels.KernelConfig;
import io.lcnnserve.core.kernels.activation.ActivationKernels;
import io.lcnnserve.core.kernels.parallel.Parallel;
import io.lcnnserve.core.ops.ExecutionContext;
import io.lcnnserve.core.ops.Op;
import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.ops.TensorInfo;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import java.util.List;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * ONNX Add followed by an element-wise activation (a residual connection and its activation),
 * in one pass: {@code C = activation(A + B)}. FLOAT inputs of the same shape take a vector loop;
 * other shapes and types use the reference broadcasting Add (then the activation in place).
 */
public final class FusedAdd implements Op {
    private static final VectorSpecies<Float> SPECIES = FLOAT_SPECIES;
    /** Below this many elements splitting across threads costs more than it saves. */
    private static final int PARALLEL_MIN_ELEMENTS = 1 << 14;
    /** Elements summed before the activation runs over them (16 KiB of floats, L1-resident). */
    private static final int BLOCK = 4096;

    private final Add add;
    private final Activation activation;

    private FusedAdd(Add add, Activation activation) {
        this.add = add;
        this.activation = activation;
    }

    /** The fused op for an Add node of opset 7 or later (numpy broadcasting). */
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
        if (a.type() != DataType.FLOAT || !SameShape.of(a, b) || !SameShape.of(a, y)) {
            add.eval(inputs, outputs);
            if (!activation.isIdentity()) {
                ActivationKernels.apply(activation, y.floats(), y.offset(), y.floats(), y.offset(), y.size());
            }
            return;
        }
        float[] as = a.floats();
        float[] bs = b.floats();
        float[] ys = y.floats();
        int n = y.size();
        Parallel parallel = context.parallel();
        if (parallel.threads() == 1 || n < PARALLEL_MIN_ELEMENTS) {
            addRange(as, a.offset(), bs, b.offset(), ys, y.offset(), 0, n);
        } else {
            parallel.forRange(n, SPECIES.length(), (part, start, end) ->
                addRange(as, a.offset(), bs, b.offset(), ys, y.offset(), start, end));
        }
    }

    /**
     * {@code y[i] = activation(a[i] + b[i])} for {@code i} in [start, end), in L1-sized blocks:
     * the vector sum is stored, then the activation kernel runs over the block while it is hot.
     */
    private void addRange(float[] a, int ao, float[] b, int bo, float[] y, int yo, int start, int end) {
        for (int blockStart = start; blockStart < end; blockStart += BLOCK) {
            int blockEnd = Math.min(end, blockStart + BLOCK);
            sum(a, ao, b, bo, y, yo, blockStart, blockEnd);
            if (!activation.isIdentity()) {
                ActivationKernels.apply(activation, y, yo + blockStart, y, yo + blockStart, blockEnd - blockStart);
            }
        }
    }

    private static void sum(float[] a, int ao, float[] b, int bo, float[] y, int yo, int start, int end) {
        if (KernelConfig.SCALAR) {
            for (int i = start; i < end; i++) {
                y[yo + i] = a[ao + i] + b[bo + i];
            }
            return;
        }
        int i = start;
        int bound = start + SPECIES.loopBound(end - start);
        for (; i < bound; i += SPECIES.length()) {
            FloatVector.fromArray(SPECIES, a, ao + i).add(FloatVector.fromArray(SPECIES, b, bo + i)).intoArray(y, yo + i);
        }
        if (i < end) {
            VectorMask<Float> mask = SPECIES.indexInRange(i, end);
            FloatVector.fromArray(SPECIES, a, ao + i, mask).add(FloatVector.fromArray(SPECIES, b, bo + i, mask))
                .intoArray(y, yo + i, mask);
        }
    }

    @Override
    public String toString() {
        return "FusedAdd[" + activation + "]";
    }
}
