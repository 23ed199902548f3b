package io.lcnnserve.core.kernels.gemm;

import io.lcnnserve.core.kernels.Activation;
import io.lcnnserve.core.kernels.activation.ActivationKernels;
import java.util.Objects;

/**
 * What a GEMM does to each output element once its dot product is complete:
 * {@code C[i,j] = activation(sum + bias)}, with the bias indexed by row ({@link BiasAxis#ROW}, one
 * per output channel of a convolution) or by column ({@link BiasAxis#COLUMN}, ONNX Gemm's C input of
 * shape [N]). Applied while the output tile is still in L1.
 */
public record GemmEpilogue(float[] bias, int biasOffset, BiasAxis biasAxis, Activation activation) {

    /** Which index of C selects the bias element. */
    public enum BiasAxis {
        NONE, ROW, COLUMN
    }

    private static final GemmEpilogue NONE = new GemmEpilogue(null, 0, BiasAxis.NONE, Activation.none());

    public GemmEpilogue {
        Objects.requireNonNull(biasAxis, "biasAxis");
        Objects.requireNonNull(activation, "activation");
        if ((biasAxis == BiasAxis.NONE) != (bias == null)) {
            throw new IllegalArgumentException("bias array and bias axis disagree: axis " + biasAxis
                + " with " + (bias == null ? "no" : "a") + " bias array");
        }
    }

    /** Plain {@code C = A·B}. */
    public static GemmEpilogue none() {
        return NONE;
    }

    public static GemmEpilogue of(Activation activation) {
        return new GemmEpilogue(null, 0, BiasAxis.NONE, activation);
    }

    /** Bias per row of C ({@code bias[biasOffset + i]}), then the activation. */
    public static GemmEpilogue rowBias(float[] bias, int biasOffset, Activation activation) {
        return new GemmEpilogue(Objects.requireNonNull(bias, "bias"), biasOffset, BiasAxis.ROW, activation);
    }

    /** Bias per column of C ({@code bias[biasOffset + j]}), then the activation. */
    public static GemmEpilogue columnBias(float[] bias, int biasOffset, Activation activation) {
        return new GemmEpilogue(Objects.requireNonNull(bias, "bias"), biasOffset, BiasAxis.COLUMN, activation);
    }

    /**
     * True when the epilogue is a row bias (or none) followed by a clamp (identity, Relu, Relu6,
     * Clip), which the micro-kernel applies in registers.
     */
    boolean fusesAsClamp() {
        return biasAxis != BiasAxis.COLUMN && activation.isClamp();
    }

    /** True when applying this epilogue changes nothing. */
    public boolean isIdentity() {
        return biasAxis == BiasAxis.NONE && activation.isIdentity();
    }

    /**
     * Applies the epilogue in place to the block {@code C[row .. row+rows, col .. col+cols)} whose
     * first element is {@code c[offset]}, rows {@code ldc} apart.
     */
    public void applyToTile(float[] c, int offset, int ldc, int row, int col, int rows, int cols) {
        ActivationKernels.applyToBlock(activation,
            biasAxis == BiasAxis.ROW ? bias : null, biasOffset + row,
            biasAxis == BiasAxis.COLUMN ? bias : null, biasOffset + col,
            c, offset, ldc, rows, cols);
    }

    /** Scalar reference value for element (row, col) whose dot product is {@code sum}. */
    public float applyScalar(float sum, int row, int col) {
        float biased = switch (biasAxis) {
            case NONE -> sum;
            case ROW -> sum + bias[biasOffset + row];
            case COLUMN -> sum + bias[biasOffset + col];
        };
        return ActivationKernels.applyScalar(activation, biased);
    }
}
