package io.lcnnserve.core.ops.elementwise;

import io.lcnnserve.core.kernels.elementwise.ElementwiseKernels;
import io.lcnnserve.core.ops.Op;
import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.ops.TensorInfo;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import java.util.List;

/**
 * ONNX Mul on the vector kernels for its common FLOAT forms: operands of the same shape, a
 * feature map [N, C, H, W] scaled per channel by an [N, C, 1, 1] gate (squeeze-and-excitation) or
 * by a single value, in either operand order. Every other case runs the reference broadcasting Mul.
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
        boolean floats = a.type() == DataType.FLOAT;
        if (floats && SameShape.of(a, y) && SameShape.of(a, b)) {
            ElementwiseKernels.multiply(a.floats(), a.offset(), b.floats(), b.offset(), y.floats(), y.offset(), y.size());
        } else if (floats && SameShape.of(a, y) && (isChannelGate(b, a) || b.size() == 1)) {
            scale(a, b, y);
        } else if (floats && SameShape.of(b, y) && (isChannelGate(a, b) || a.size() == 1)) {
            scale(b, a, y);
        } else {
            mul.eval(inputs, outputs);
        }
    }

    /** {@code y = x * gate} with one gate value per [N, C] plane of x, or a single one for all of x. */
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

    @Override
    public String toString() {
        return "VectorMul";
    }
}
