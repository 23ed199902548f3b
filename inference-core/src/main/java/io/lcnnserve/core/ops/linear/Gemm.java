package io.lcnnserve.core.ops.linear;

import io.lcnnserve.core.ops.Attributes;
import io.lcnnserve.core.ops.NodeSpec;
import io.lcnnserve.core.ops.Op;
import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.ops.TensorInfo;
import io.lcnnserve.core.ops.elementwise.Broadcast;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Shapes;
import io.lcnnserve.core.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * ONNX Gemm: {@code Y = alpha * A' * B' + beta * C} with {@code A'} = A or its transpose
 * ({@code transA}), {@code B'} likewise, A' of shape [M, K], B' of shape [K, N], and C
 * broadcast unidirectionally to [M, N] (scalar, [N], [M, 1], [M, N]...). C is required before
 * opset 11 and optional after; before opset 7 a C that is not exactly [M, N] needs
 * {@code broadcast=1}.
 */
public final class Gemm implements Op {
    private final float alpha;
    private final float beta;
    private final boolean transA;
    private final boolean transB;
    /** Opsets 1–6 only broadcast C when the node says so; later opsets always do. */
    private final boolean broadcastC;

    private Gemm(NodeSpec node) {
        node.requireInputs(node.opset() < 11 ? 3 : 2, 3);
        node.requireOutputs(1, 1);
        Attributes attributes = node.attributes();
        this.alpha = attributes.getFloat("alpha", 1f);
        this.beta = attributes.getFloat("beta", 1f);
        this.transA = attributes.getInt("transA", 0) != 0;
        this.transB = attributes.getInt("transB", 0) != 0;
        this.broadcastC = node.opset() >= 7 || attributes.getInt("broadcast", 0) != 0;
    }

    public static Op create(NodeSpec node) {
        return new Gemm(node);
    }

    public float alpha() {
        return alpha;
    }

    public float beta() {
        return beta;
    }

    public boolean transA() {
        return transA;
    }

    public boolean transB() {
        return transB;
    }

    @Override
    public String opType() {
        return "Gemm";
    }

    @Override
    public List<TensorInfo> inferOutputs(List<TensorInfo> inputs) {
        TensorInfo a = inputs.get(0);
        TensorInfo b = inputs.get(1);
        TensorInfo c = inputs.size() > 2 ? inputs.get(2) : null;
        requireFloatMatrix(a, "A");
        requireFloatMatrix(b, "B");
        int m = transA ? a.dim(1) : a.dim(0);
        int k = transA ? a.dim(0) : a.dim(1);
        int kb = transB ? b.dim(1) : b.dim(0);
        int n = transB ? b.dim(0) : b.dim(1);
        if (k != kb) {
            throw new OpException("inner dimensions differ: A" + (transA ? "^T" : "") + " is [" + m + ", " + k
                + "] and B" + (transB ? "^T" : "") + " is [" + kb + ", " + n + "]");
        }
        int[] outShape = {m, n};
        if (c != null) {
            if (c.type() != DataType.FLOAT) {
                throw new OpException("C must be FLOAT, got " + c.type());
            }
            if (!broadcastC && !Arrays.equals(c.shape(), outShape)) {
                throw new OpException("C of shape " + Arrays.toString(c.shape()) + " must be " + Arrays.toString(outShape)
                    + " unless broadcast=1 (opset < 7)");
            }
            Broadcast.requireUnidirectional(c.shape(), outShape, "C");
        }
        return List.of(TensorInfo.of(DataType.FLOAT, outShape));
    }

    /**
     * Reference evaluation: each dot product is accumulated in double and the result rounded
     * once to float, so this is the precision yardstick fast kernels are tested against.
     */
    @Override
    public void eval(Tensor[] inputs, Tensor[] outputs) {
        Tensor a = inputs[0];
        Tensor b = inputs[1];
        Tensor c = inputs.length > 2 ? inputs[2] : null;
        Tensor y = outputs[0];
        int m = y.dim(0);
        int n = y.dim(1);
        int k = transA ? a.dim(0) : a.dim(1);
        // Element (i, p) of A' is at i*rowStep + p*colStep; likewise B'.
        int aRow = transA ? 1 : k;
        int aCol = transA ? m : 1;
        int bRow = transB ? 1 : n;
        int bCol = transB ? k : 1;
        float[] as = a.floats();
        float[] bs = b.floats();
        float[] ys = y.floats();
        float[] cs = c == null ? null : c.floats();
        int[] cStrides = c == null ? null : Shapes.broadcastStrides(c.shape(), new int[] {m, n});
        int ao = a.offset();
        int bo = b.offset();
        int yo = y.offset();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double dot = 0;
                for (int p = 0; p < k; p++) {
                    dot += (double) as[ao + i * aRow + p * aCol] * bs[bo + p * bRow + j * bCol];
                }
                double bias = c == null ? 0 : cs[c.offset() + i * cStrides[0] + j * cStrides[1]];
                ys[yo + i * n + j] = (float) (alpha * dot + beta * bias);
            }
        }
    }

    private static void requireFloatMatrix(TensorInfo t, String name) {
        if (t.type() != DataType.FLOAT) {
            throw new OpException(name + " must be FLOAT, got " + t.type());
        }
        if (t.rank() != 2) {
            throw new OpException(name + " must be a matrix (rank 2), got shape " + Arrays.toString(t.shape()));
        }
    }
}
