package io.lcnnserve.core.ops.linear;

import io.lcnnserve.core.kernels.Activation;
import io.lcnnserve.core.kernels.gemm.GemmEpilogue;
import io.lcnnserve.core.kernels.gemm.PackedMatrix;
import io.lcnnserve.core.kernels.gemm.Sgemm;
import io.lcnnserve.core.ops.ExecutionContext;
import io.lcnnserve.core.ops.Op;
import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.ops.TensorInfo;
import io.lcnnserve.core.ops.elementwise.BroadcastArithmetic;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import java.util.List;

/**
 * ONNX Gemm with constant weights B (a fully-connected layer) on the packed GEMM kernel:
 * {@code Y = activation(alpha * A' · B' + beta * C)}. B' is packed once, with alpha folded in,
 * when the optimizer builds this op; a C that is one value per output column ([N], [1, N] or a
 * scalar, the usual bias) and constant becomes the kernel's column-bias epilogue. Any other C is
 * broadcast into Y before the product accumulates onto it. The node keeps its inputs
 * {@code [A, B, C]} for shape inference and cost accounting; B is not read when running.
 */
public final class FusedGemm implements Op {
    private final Gemm gemm;
    private final Activation activation;
    private final PackedMatrix packedWeights;
    /** beta * C per output column, or null when C is absent or not a constant row. */
    private final float[] columnBias;
    /** True when C must be read at run time and broadcast into Y. */
    private final boolean broadcastC;
    private final GemmEpilogue epilogue;

    private FusedGemm(Gemm gemm, Activation activation, PackedMatrix packedWeights, float[] columnBias,
                      boolean broadcastC) {
        this.gemm = gemm;
        this.activation = activation;
        this.packedWeights = packedWeights;
        this.columnBias = columnBias;
        this.broadcastC = broadcastC;
        this.epilogue = columnBias != null ? GemmEpilogue.columnBias(columnBias, 0, activation) : GemmEpilogue.of(activation);
    }

    /**
     * Builds the fused op for a Gemm node with constant FLOAT weights {@code b} (a matrix) and an
     * optional C: {@code constantC} is its value if it is an initializer, {@code hasC} says whether
     * the node has a C input at all.
     */
    public static FusedGemm create(Gemm gemm, Tensor b, boolean hasC, Tensor constantC, Activation activation) {
        if (!supports(b)) {
            throw new OpException("FusedGemm needs constant FLOAT weights B of rank 2, got " + b);
        }
        int k = gemm.transB() ? b.dim(1) : b.dim(0);
        int n = gemm.transB() ? b.dim(0) : b.dim(1);
        float[] weights = b.floats();
        int offset = b.offset();
        if (gemm.alpha() != 1f) {
            weights = b.toFloatArray();
            offset = 0;
            for (int i = 0; i < weights.length; i++) {
                weights[i] *= gemm.alpha();
            }
        }
        PackedMatrix packed = PackedMatrix.packRight(k, n, weights, offset, b.dim(1), gemm.transB());
        float[] columnBias = null;
        boolean broadcastC = false;
        if (hasC) {
            columnBias = constantC == null ? null : columnBias(constantC, n, gemm.beta());
            broadcastC = columnBias == null;
        }
        return new FusedGemm(gemm, activation, packed, columnBias, broadcastC);
    }

    /** True when {@link #create} accepts {@code b} as the weights. */
    public static boolean supports(Tensor b) {
        return b != null && b.type() == DataType.FLOAT && b.rank() == 2 && b.size() > 0;
    }

    /** {@code beta * C} as one value per column, if C has one value per column (or one in all). */
    private static float[] columnBias(Tensor c, int n, float beta) {
        if (c.type() != DataType.FLOAT) {
            return null;
        }
        int[] shape = c.shape();
        boolean perColumn = c.size() == n && (shape.length == 1 || shape.length == 2 && shape[0] == 1);
        if (!perColumn && c.size() != 1) {
            return null;
        }
        float[] values = c.toFloatArray();
        float[] bias = new float[n];
        for (int j = 0; j < n; j++) {
            bias[j] = beta * values[perColumn ? j : 0];
        }
        return bias;
    }

    /** The same layer with another activation, sharing the packed weights. */
    public FusedGemm withActivation(Activation newActivation) {
        return new FusedGemm(gemm, newActivation, packedWeights, columnBias, broadcastC);
    }

    public Activation activation() {
        return activation;
    }

    /** True when A is read transposed (its rows are then not the batch's images). */
    public boolean transA() {
        return gemm.transA();
    }

    @Override
    public String opType() {
        return "FusedGemm";
    }

    @Override
    public List<TensorInfo> inferOutputs(List<TensorInfo> inputs) {
        List<TensorInfo> out = gemm.inferOutputs(inputs);
        int n = out.get(0).dim(1);
        if (n != packedWeights.outer()) {
            throw new OpException("packed weights have " + packedWeights.outer() + " columns, the output " + n);
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
        Tensor y = outputs[0];
        int m = y.dim(0);
        int n = y.dim(1);
        if (broadcastC) {
            Tensor c = inputs[2];
            BroadcastArithmetic.expand(c, y);
            if (gemm.beta() != 1f) {
                float[] ys = y.floats();
                for (int i = 0; i < m * n; i++) {
                    ys[y.offset() + i] *= gemm.beta();
                }
            }
        }
        Sgemm.multiply(m, a.floats(), a.offset(), a.dim(1), gemm.transA(), packedWeights, y.floats(), y.offset(), n,
            broadcastC, epilogue, context.parallel());
    }

    @Override
    public String toString() {
        return "FusedGemm[" + packedWeights + ", " + activation + "]";
    }
}
