package io.lcnnserve.core.ops.linear;

import io.lcnnserve.core.ops.NodeSpec;
import io.lcnnserve.core.ops.Op;
import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.ops.TensorInfo;
import io.lcnnserve.core.ops.elementwise.Broadcast;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * ONNX MatMul with numpy {@code matmul} semantics: the last two axes are matrices, leading
 * axes are batch axes that broadcast against each other. A 1-D A is a row vector [1, K] and a
 * 1-D B a column vector [K, 1]; the promoted axis is dropped from the result.
 */
public final class MatMul implements Op {

    private MatMul(NodeSpec node) {
        node.requireInputs(2, 2);
        node.requireOutputs(1, 1);
    }

    public static Op create(NodeSpec node) {
        return new MatMul(node);
    }

    @Override
    public String opType() {
        return "MatMul";
    }

    /** Shapes of one MatMul: the promoted operands, their batch shapes and the result's. */
    private record Plan(int m, int k, int n, int[] batch, int[] aBatch, int[] bBatch, int[] outShape) {
    }

    private static Plan plan(int[] a, int[] b) {
        if (a.length == 0 || b.length == 0) {
            throw new OpException("MatMul inputs must have rank >= 1, got " + Arrays.toString(a) + " and " + Arrays.toString(b));
        }
        int[] pa = a.length == 1 ? new int[] {1, a[0]} : a;
        int[] pb = b.length == 1 ? new int[] {b[0], 1} : b;
        int m = pa[pa.length - 2];
        int k = pa[pa.length - 1];
        int n = pb[pb.length - 1];
        if (pb[pb.length - 2] != k) {
            throw new OpException("inner dimensions differ: A of shape " + Arrays.toString(a)
                + " has " + k + " columns but B of shape " + Arrays.toString(b) + " has " + pb[pb.length - 2] + " rows");
        }
        int[] aBatch = Arrays.copyOf(pa, pa.length - 2);
        int[] bBatch = Arrays.copyOf(pb, pb.length - 2);
        int[] batch = Broadcast.multidirectional(aBatch, bBatch);
        int[] out = Arrays.copyOf(batch, batch.length + 2);
        out[batch.length] = m;
        out[batch.length + 1] = n;
        if (b.length == 1) {
            out = Arrays.copyOf(out, out.length - 1);
        }
        if (a.length == 1) {
            out = dropAxis(out, out.length - (b.length == 1 ? 1 : 2));
        }
        return new Plan(m, k, n, batch, aBatch, bBatch, out);
    }

    private static int[] dropAxis(int[] shape, int axis) {
        int[] out = new int[shape.length - 1];
        System.arraycopy(shape, 0, out, 0, axis);
        System.arraycopy(shape, axis + 1, out, axis, shape.length - axis - 1);
        return out;
    }

    @Override
    public List<TensorInfo> inferOutputs(List<TensorInfo> inputs) {
        TensorInfo a = inputs.get(0);
        TensorInfo b = inputs.get(1);
        if (a.type() != DataType.FLOAT || b.type() != DataType.FLOAT) {
            throw new OpException("inputs must be FLOAT, got " + a.type() + " and " + b.type());
        }
        return List.of(TensorInfo.of(DataType.FLOAT, plan(a.shape(), b.shape()).outShape()));
    }

    /**
     * Reference evaluation: per batch element a plain triple loop, each dot product accumulated
     * in double and rounded once to float.
     */
    @Override
    public void eval(Tensor[] inputs, Tensor[] outputs) {
        Tensor a = inputs[0];
        Tensor b = inputs[1];
        Tensor y = outputs[0];
        Plan p = plan(a.shape(), b.shape());
        int m = p.m();
        int k = p.k();
        int n = p.n();
        float[] as = a.floats();
        float[] bs = b.floats();
        float[] ys = y.floats();
        int ao = a.offset();
        int bo = b.offset();
        int yo = y.offset();
        // Batch indices count whole matrices: scale them by each operand's matrix size.
        Broadcast.forEachRow(p.batch(), new int[][] {p.aBatch(), p.bBatch()}, (o, s, st, len) -> {
            for (int t = 0; t < len; t++) {
                int aBase = ao + (s[0] + t * st[0]) * m * k;
                int bBase = bo + (s[1] + t * st[1]) * k * n;
                int yBase = yo + (o + t) * m * n;
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        double dot = 0;
                        for (int q = 0; q < k; q++) {
                            dot += (double) as[aBase + i * k + q] * bs[bBase + q * n + j];
                        }
                        ys[yBase + i * n + j] = (float) dot;
                    }
                }
            }
        });
    }
}
