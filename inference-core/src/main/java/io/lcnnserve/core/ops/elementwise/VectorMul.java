package io.lcnnserve.core.ops.elementwise;

import io.lcnnserve.core.kernels.elementwise.ElementwiseKernels;
import io.lcnnserve.core.ops.Op;
import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.ops.TensorInfo;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import java.util.List;

/**
 * ONNX Mul on the vector kernels for its two common FLOAT forms: operands of the same shape, and
 * a feature map [N, C, H, W] scaled per channel by an [N, C, 1, 1] gate (squeeze-and-excitation),
 * in either operand order. Every other case runs the reference broadcasting Mul.
 */
public final class VectorMul implements Op {
    private final Mul mul;

    private VectorMul(Mul mul) {
        this.mul = mul;
    }

    /** The vector version of a Mul node's op. */
    public static VectorMul of(Op mul) {
        if (!(mul instanceof Mul reference)) {
            throw new OpException("VectorMul wraps a Mul, got " + mul.opType());
        }
        return new VectorMul(reference);
    }

    @Override
    public String opType() {
        return "VectorMul";
    }

    @Override
    public List<TensorInfo> inferOutputs(List<TensorInfo> inputs) {
        return mul.inferOutputs(inputs);
    }

    @Override
    public void eval(Tensor[] inputs, Tensor[] outputs) {
        Tensor a = inputs[0];
        Tensor b = inputs[1];
        Tensor y = outputs[0];
        if (a.type() != DataType.FLOAT || !sameDims(a, y)) {
            if (a.type() == DataType.FLOAT && sameDims(b, y) && isChannelGate(a, b)) {
                scale(b, a, y);
            } else {
                mul.eval(inputs, outputs);
            }
        } else if (sameDims(a, b)) {
            ElementwiseKernels.multiply(a.floats(), a.offset(), b.floats(), b.offset(), y.floats(), y.offset(), y.size());
        } else if (isChannelGate(b, a)) {
            scale(a, b, y);
        } else {
            mul.eval(inputs, outputs);
        }
    }

    /** {@code y = x * gate} with one gate value per [N, C] plane of x. */
    private static void scale(Tensor x, Tensor gate, Tensor y) {
        int planes = gate.size();
        ElementwiseKernels.scalePlanes(x.floats(), x.offset(), gate.floats(), gate.offset(), y.floats(), y.offset(), planes,
            x.size() / planes);
    }

    /** True when {@code gate} is [N, C, 1, ...] for {@code x} [N, C, ...] of rank 3 or more. */
    private static boolean isChannelGate(Tensor gate, Tensor x) {
        if (x.rank() < 3 || gate.rank() != x.rank() || gate.dim(0) != x.dim(0) || gate.dim(1) != x.dim(1)) {
            return false;
        }
        for (int d = 2; d < gate.rank(); d++) {
            if (gate.dim(d) != 1) {
                return false;
            }
        }
        return gate.size() > 0;
    }

    private static boolean sameDims(Tensor a, Tensor b) {
        if (a.rank() != b.rank()) {
            return false;
        }
        for (int d = 0; d < a.rank(); d++) {
            if (a.dim(d) != b.dim(d)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "VectorMul";
    }
}
