package io.lcnnserve.core.kernels.activation;

import static io.lcnnserve.core.kernels.KernelConfig.FLOAT_SPECIES;

import io.lcnnserve.core.kernels.Activation;
import io.lcnnserve.core.kernels.KernelConfig;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vectorized element-wise activations over contiguous float runs, optionally after adding a bias
 * (the epilogue of GEMM, convolution and Add).
 *
 * <p>Layout: {@code n} consecutive floats starting at an offset; source and destination may be the
 * same run (in place). One masked vector loop per activation kind (the kind is switched on once per
 * run, outside the loop). Kernels that fuse an activation apply clamp kinds (identity, Relu, Clip)
 * to their vectors in registers and call these loops in place on their output for the others.
 *
 * <p>Fast mode (sigmoid and swish only): {@code exp(-|x|)} is computed as {@code 2^n * p(f)} with
 * {@code p} a degree-3 polynomial fitted to {@code 2^f} on [0, 1) (max relative error 7.6e-5), then
 * {@code sigmoid = 1 / (1 + e)} or {@code e / (1 + e)} by sign. The absolute error against the
 * exact function is at most {@link #FAST_SIGMOID_MAX_ERROR} for sigmoid and
 * {@link #FAST_SWISH_MAX_ERROR} for swish over all finite floats (a dense sweep in the tests checks
 * it; measured maxima 1.93e-5 and 1.72e-5). Below {@code exp(-126 ln 2)} the exponential is flushed
 * to zero. Exact mode uses the Vector API's {@code EXP}, within a few ulps of {@link Math#exp}.
 */
public final class ActivationKernels {

    /** Largest absolute error of fast-mode sigmoid. */
    public static final float FAST_SIGMOID_MAX_ERROR = 2.5e-5f;
    /** Largest absolute error of fast-mode swish ({@code x * sigmoid(x)}). */
    public static final float FAST_SWISH_MAX_ERROR = 2.5e-5f;

    private static final VectorSpecies<Float> SPECIES = FLOAT_SPECIES;
    private static final float LOG2_E = 1.4426950408889634f;
    // 2^f ~ C0 + f*(C1 + f*(C2 + f*C3)) on [0, 1), relative-minimax fit.
    private static final float C0 = 0.9999247193336487f;
    private static final float C1 = 0.6958361864089966f;
    private static final float C2 = 0.22606562077999115f;
    private static final float C3 = 0.07802292704582214f;

    private ActivationKernels() {
    }

    /** {@code dst[i] = act(src[i])} for {@code i < n}; source and destination may be the same run. */
    public static void apply(Activation act, float[] src, int srcOffset, float[] dst, int dstOffset, int n) {
        if (act.isIdentity()) {
            if (src != dst || srcOffset != dstOffset) {
                System.arraycopy(src, srcOffset, dst, dstOffset, n);
            }
            return;
        }
        if (KernelConfig.SCALAR) {
            for (int i = 0; i < n; i++) {
                dst[dstOffset + i] = applyScalar(act, src[srcOffset + i]);
            }
            return;
        }
        switch (act.kind()) {
            case RELU, CLIP -> clamp(src, srcOffset, dst, dstOffset, n, act.clampLow(), act.clampHigh());
            case LEAKY_RELU -> leakyRelu(src, srcOffset, dst, dstOffset, n, act.alpha());
            case HARD_SIGMOID -> hardSigmoid(src, srcOffset, dst, dstOffset, n, act.alpha(), act.beta(), false);
            case HARD_SWISH -> hardSigmoid(src, srcOffset, dst, dstOffset, n, act.alpha(), act.beta(), true);
            case SIGMOID, SWISH -> {
                boolean swish = act.kind() == Activation.Kind.SWISH;
                if (act.fast()) {
                    fastSigmoid(src, srcOffset, dst, dstOffset, n, swish);
                } else {
                    exactSigmoid(src, srcOffset, dst, dstOffset, n, swish);
                }
            }
            case NONE -> throw new AssertionError("identity handled above");
        }
    }

    /**
     * In place over a {@code rows x cols} block whose rows are {@code ld} apart (a GEMM output tile):
     * {@code x[r][j] = act(x[r][j] + rowBias[r] + columnBias[j])}, either bias array may be null.
     */
    public static void applyToBlock(Activation act, float[] rowBias, int rowBiasOffset, float[] columnBias,
                                    int columnBiasOffset, float[] x, int offset, int ld, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int row = offset + r * ld;
            float b = rowBias == null ? 0f : rowBias[rowBiasOffset + r];
            if (KernelConfig.SCALAR) {
                for (int j = 0; j < cols; j++) {
                    x[row + j] += b + (columnBias == null ? 0f : columnBias[columnBiasOffset + j]);
                }
            } else if (b != 0f || columnBias != null) {
                for (int j = 0; j < cols; j += SPECIES.length()) {
                    VectorMask<Float> m = SPECIES.indexInRange(j, cols);
                    FloatVector v = FloatVector.fromArray(SPECIES, x, row + j, m).add(b);
                    if (columnBias != null) {
                        v = v.add(FloatVector.fromArray(SPECIES, columnBias, columnBiasOffset + j, m));
                    }
                    v.intoArray(x, row + j, m);
                }
            }
            apply(act, x, row, x, row, cols);
        }
    }

    // One loop per activation kind, each with its formula written inline: a helper taking or returning
    // a FloatVector would box the vector wherever C2 declines to inline it.

    private static void clamp(float[] src, int so, float[] dst, int dOff, int n, float low, float high) {
        for (int i = 0; i < n; i += SPECIES.length()) {
            VectorMask<Float> m = SPECIES.indexInRange(i, n);
            FloatVector.fromArray(SPECIES, src, so + i, m).max(low).min(high).intoArray(dst, dOff + i, m);
        }
    }

    private static void leakyRelu(float[] src, int so, float[] dst, int dOff, int n, float alpha) {
        for (int i = 0; i < n; i += SPECIES.length()) {
            VectorMask<Float> m = SPECIES.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(SPECIES, src, so + i, m);
            v.blend(v.mul(alpha), v.lt(0f)).intoArray(dst, dOff + i, m);
        }
    }

    /** {@code clip(alpha*x + beta, 0, 1)}, times x when {@code swish} (HardSwish). */
    private static void hardSigmoid(float[] src, int so, float[] dst, int dOff, int n, float alpha, float beta,
                                    boolean swish) {
        for (int i = 0; i < n; i += SPECIES.length()) {
            VectorMask<Float> m = SPECIES.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(SPECIES, src, so + i, m);
            FloatVector gate = v.fma(alpha, beta).max(0f).min(1f);
            (swish ? v.mul(gate) : gate).intoArray(dst, dOff + i, m);
        }
    }

    private static void exactSigmoid(float[] src, int so, float[] dst, int dOff, int n, boolean swish) {
        for (int i = 0; i < n; i += SPECIES.length()) {
            VectorMask<Float> m = SPECIES.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(SPECIES, src, so + i, m);
            FloatVector s = FloatVector.broadcast(SPECIES, 1f).div(v.neg().lanewise(VectorOperators.EXP).add(1f));
            (swish ? v.mul(s) : s).intoArray(dst, dOff + i, m);
        }
    }

    private static void fastSigmoid(float[] src, int so, float[] dst, int dOff, int n, boolean swish) {
        for (int i = 0; i < n; i += SPECIES.length()) {
            VectorMask<Float> m = SPECIES.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(SPECIES, src, so + i, m);
            // y = -|x| * log2(e), clamped to [-126, 0] and shifted by 127 so the float->int truncation
            // is a floor and the integer part is directly the biased exponent of 2^floor(y). Below
            // -126, exp(-|x|) is flushed to 0 so swish's x * sigmoid(x) goes to 0, not x * 2^-126.
            FloatVector y = v.abs().mul(-LOG2_E);
            FloatVector t = y.max(-126f).add(127f);
            IntVector exponent = (IntVector) t.convert(VectorOperators.F2I, 0);
            FloatVector f = t.sub((FloatVector) exponent.convert(VectorOperators.I2F, 0));
            FloatVector pow2Int = exponent.lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector poly = f.fma(C3, C2).fma(f, FloatVector.broadcast(SPECIES, C1))
                .fma(f, FloatVector.broadcast(SPECIES, C0));
            FloatVector e = poly.mul(pow2Int).blend(0f, y.lt(-126f));
            FloatVector s = FloatVector.broadcast(SPECIES, 1f).div(e.add(1f));
            FloatVector sigmoid = s.blend(e.mul(s), v.lt(0f));
            (swish ? v.mul(sigmoid) : sigmoid).intoArray(dst, dOff + i, m);
        }
    }

    /** Scalar value with the same approximation as the vector path (fast mode included). */
    public static float applyScalar(Activation act, float x) {
        if (act.fast()) {
            if (act.kind() == Activation.Kind.SIGMOID) {
                return fastSigmoid(x);
            }
            if (act.kind() == Activation.Kind.SWISH) {
                return x * fastSigmoid(x);
            }
        }
        return act.apply(x);
    }

    /** Scalar twin of the vector fast sigmoid (same operations, same rounding). */
    public static float fastSigmoid(float x) {
        float y = Math.abs(x) * -LOG2_E;
        float t = Math.max(y, -126f) + 127f;
        int exponent = (int) t;
        float f = t - exponent;
        float pow2Int = Float.intBitsToFloat(exponent << 23);
        float e = y < -126f ? 0f : Math.fma(Math.fma(Math.fma(f, C3, C2), f, C1), f, C0) * pow2Int;
        float s = 1f / (1f + e);
        return x < 0f ? e * s : s;
    }
}
