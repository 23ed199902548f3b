package io.lcnnserve.core.ops.shape;

import io.lcnnserve.core.ops.NodeSpec;
import io.lcnnserve.core.ops.Op;
import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.ops.TensorInfo;
import io.lcnnserve.core.tensor.Shapes;
import io.lcnnserve.core.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/** Transpose: output axis k is input axis {@code perm[k]}; without perm the axes are reversed. */
public final class Transpose implements Op {
    /** The permutation, or null for "reverse the axes". */
    private final int[] perm;

    private Transpose(int[] perm) {
        this.perm = perm;
    }

    public static Transpose create(NodeSpec node) {
        node.requireInputs(1, 1);
        node.requireOutputs(1, 1);
        long[] perm = node.attributes().getInts("perm", null);
        if (perm == null) {
            return new Transpose(null);
        }
        int[] p = new int[perm.length];
        boolean[] seen = new boolean[perm.length];
        for (int i = 0; i < perm.length; i++) {
            if (perm[i] < 0 || perm[i] >= perm.length || seen[(int) perm[i]]) {
                throw new OpException("attribute 'perm' " + Arrays.toString(perm)
                    + " is not a permutation of 0.." + (perm.length - 1));
            }
            seen[(int) perm[i]] = true;
            p[i] = (int) perm[i];
        }
        return new Transpose(p);
    }

    @Override
    public String opType() {
        return "Transpose";
    }

    /** The permutation, or null when the axes are reversed (no {@code perm} attribute). */
    public int[] perm() {
        return perm == null ? null : perm.clone();
    }

    @Override
    public List<TensorInfo> inferOutputs(List<TensorInfo> inputs) {
        TensorInfo in = inputs.getFirst();
        int[] p = permFor(in.rank());
        int[] out = new int[p.length];
        for (int k = 0; k < p.length; k++) {
            out[k] = in.dim(p[k]);
        }
        return List.of(TensorInfo.of(in.type(), out));
    }

    @Override
    public void eval(Tensor[] inputs, Tensor[] outputs) {
        Tensor in = inputs[0];
        int[] shape = in.shape();
        int[] strides = Shapes.strides(shape);
        int[] p = permFor(shape.length);
        int[][] offsets = new int[p.length][];
        for (int k = 0; k < p.length; k++) {
            offsets[k] = AxisMappedCopy.strided(0, strides[p[k]], shape[p[k]]);
        }
        AxisMappedCopy.copy(in, outputs[0], offsets, null);
    }

    private int[] permFor(int rank) {
        if (perm == null) {
            int[] reversed = new int[rank];
            Arrays.setAll(reversed, i -> rank - 1 - i);
            return reversed;
        }
        if (perm.length != rank) {
            throw new OpException("perm " + Arrays.toString(perm) + " has " + perm.length + " axes, the input has rank " + rank);
        }
        return perm;
    }
}
