package io.lcnnserve.core.ops.elementwise;

import io.lcnnserve.core.kernels.Activation;
import io.lcnnserve.core.kernels.activation.ActivationKernels;
import io.lcnnserve.core.kernels.elementwise.ElementwiseKernels;
import io.lcnnserve.core.ops.ExecutionContext;
import io.lcnnserve.core.ops.ItemRanges;
import io.lcnnserve.core.ops.Op;
import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.ops.TensorInfo;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import java.util.List;

/**
 * ONNX Mul, optionally followed by an element-wise activation, on the vector kernels for its
 * common FLOAT forms: operands of the same shape, a feature map [N, C, H, W] scaled per channel by
 * an [N, C, 1, 1] gate (squeeze-and-excitation) or by a single value, in either operand order.
 * These are split across the session's threads in contiguous runs of planes (so, at a batch of
 * several images, each thread keeps the images the previous layer left in its cache). Every
 * other case runs the reference broadcasting Mul, then the activation in place.
 */
public final class VectorMul implements Op {
    /** Same-shape products are split in chunks of this many elements. */
    private static final int CHUNK = 1 << 12;

    private final Mul mul;
    private final Activation activation;

    private VectorMul(Mul mul, Activation activation) {
        this.mul = mul;
        this.activation = activation;
    }

    /** The vector version of a Mul node's op. */
    public static VectorMul of(Op mul) {
        if (!(mul instanceof Mul reference)) {
            throw new OpException("VectorMul wraps a Mul, got " + mul.opType());
        }
        return new VectorMul(reference, Activation.none());
    }

    public VectorMul withActivation(Activation newActivation) {
        return new VectorMul(mul, newActivation);
    }

    public Activation activation() {
        return activation;
    }

    @Override
    public String opType() {
        return "VectorMul";
    }

    @Override
    public List<TensorInfo> inferOutputs(List<TensorInfo> inputs) {
        List<TensorInfo> out = mul.inferOutputs(inputs);
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
        if (floats && SameShape.of(a, y) && SameShape.of(a, b)) {
            int chunks = (y.size() + CHUNK - 1) / CHUNK;
            ItemRanges.run(context, chunks, y.size(), this, VectorMul::multiplyChunks, inputs, outputs);
        } else if (floats && SameShape.of(a, y) && (isChannelGate(b, a) || b.size() == 1)) {
            ItemRanges.run(context, b.size(), y.size(), this, VectorMul::scaleFirstByGate, inputs, outputs);
        } else if (floats && SameShape.of(b, y) && (isChannelGate(a, b) || a.size() == 1)) {
            ItemRanges.run(context, a.size(), y.size(), this, VectorMul::scaleSecondByGate, inputs, outputs);
        } else {
            mul.eval(inputs, outputs);
            if (!activation.isIdentity()) {
                ActivationKernels.apply(activation, y.floats(), y.offset(), y.floats(), y.offset(), y.size());
            }
        }
    }

    /** Same-shape product, elements {@code [start * CHUNK, end * CHUNK)}. */
    private void multiplyChunks(Tensor[] inputs, Tensor[] outputs, int start, int end) {
        Tensor a = inputs[0];
        Tensor b = inputs[1];
        Tensor y = outputs[0];
        int first = start * CHUNK;
        int n = Math.min(y.size(), end * CHUNK) - first;
        ElementwiseKernels.multiply(a.floats(), a.offset() + first, b.floats(), b.offset() + first, y.floats(),
            y.offset() + first, n);
        activate(y, first, n);
    }

    private void scaleFirstByGate(Tensor[] inputs, Tensor[] outputs, int start, int end) {
        scale(inputs[0], inputs[1], outputs[0], start, end);
    }

    private void scaleSecondByGate(Tensor[] inputs, Tensor[] outputs, int start, int end) {
        scale(inputs[1], inputs[0], outputs[0], start, end);
    }

    /**
     * {@code y = x * gate} on gate entries {@code [start, end)}: one per [N, C] plane of x, or a
     * single one for all of x.
     */
    private void scale(Tensor x, Tensor gate, Tensor y, int start, int end) {
        int planeSize = x.size() / gate.size();
        for (int p = start; p < end; p++) {
            int offset = p * planeSize;
            ElementwiseKernels.scalePlanes(x.floats(), x.offset() + offset, gate.floats(), gate.offset() + p,
                y.floats(), y.offset() + offset, 1, planeSize);
            activate(y, offset, planeSize);
        }
    }

    /** The fused activation over {@code n} elements of y from {@code first}, while they are in cache. */
    private void activate(Tensor y, int first, int n) {
        if (!activation.isIdentity()) {
            ActivationKernels.apply(activation, y.floats(), y.offset() + first, y.floats(), y.offset() + first, n);
        }
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
        return "VectorMul[" + activation + "]";
    }
}
