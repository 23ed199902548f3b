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
 * same run (in place). Vector loop over {@code LANES} floats, then a masked tail.
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

    /** {@code dst[i] = act(src[i])} for {@code i < n}. */
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
        int i = 0;
        int bound = SPECIES.loopBound(n);
        for (; i < bound; i += SPECIES.length()) {
            apply(act, FloatVector.fromArray(SPECIES, src, srcOffset + i)).intoArray(dst, dstOffset + i);
        }
        if (i < n) {
            VectorMask<Float> m = SPECIES.indexInRange(i, n);
            apply(act, FloatVector.fromArray(SPECIES, src, srcOffset + i, m)).intoArray(dst, dstOffset + i, m);
        }
    }

    /** In place: {@code x[i] = act(x[i] + bias)} for {@code i < n} (one bias for the whole run). */
    public static void applyWithBias(Activation act, float bias, float[] x, int offset, int n) {
        if (KernelConfig.SCALAR) {
            for (int i = 0; i < n; i++) {
                x[offset + i] = applyScalar(act, x[offset + i] + bias);
            }
            return;
        }
        FloatVector b = FloatVector.broadcast(SPECIES, bias);
        int i = 0;
        int bound = SPECIES.loopBound(n);
        for (; i < bound; i += SPECIES.length()) {
            apply(act, FloatVector.fromArray(SPECIES, x, offset + i).add(b)).intoArray(x, offset + i);
        }
        if (i < n) {
            VectorMask<Float> m = SPECIES.indexInRange(i, n);
            apply(act, FloatVector.fromArray(SPECIES, x, offset + i, m).add(b)).intoArray(x, offset + i, m);
        }
    }

    /** In place: {@code x[i] = act(x[i] + bias[biasOffset + i])} for {@code i < n}. */
    public static void applyWithBiasRun(Activation act, float[] bias, int biasOffset, float[] x, int offset, int n) {
        if (KernelConfig.SCALAR) {
            for (int i = 0; i < n; i++) {
                x[offset + i] = applyScalar(act, x[offset + i] + bias[biasOffset + i]);
            }
            return;
        }
        int i = 0;
        int bound = SPECIES.loopBound(n);
        for (; i < bound; i += SPECIES.length()) {
            FloatVector v = FloatVector.fromArray(SPECIES, x, offset + i)
                .add(FloatVector.fromArray(SPECIES, bias, biasOffset + i));
            apply(act, v).intoArray(x, offset + i);
        }
        if (i < n) {
            VectorMask<Float> m = SPECIES.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(SPECIES, x, offset + i, m)
                .add(FloatVector.fromArray(SPECIES, bias, biasOffset + i, m));
            apply(act, v).intoArray(x, offset + i, m);
        }
    }

    /** The activation of one vector; the switch is loop-invariant and predicted. */
    public static FloatVector apply(Activation act, FloatVector v) {
        return switch (act.kind()) {
            case NONE -> v;
            case RELU -> v.max(0f);
            case CLIP -> v.max(act.alpha()).min(act.beta());
            case LEAKY_RELU -> v.blend(v.mul(act.alpha()), v.lt(0f));
            case HARD_SIGMOID -> v.fma(act.alpha(), act.beta()).max(0f).min(1f);
            case HARD_SWISH -> v.mul(v.fma(act.alpha(), act.beta()).max(0f).min(1f));
            case SIGMOID -> act.fast() ? fastSigmoid(v) : exactSigmoid(v);
            case SWISH -> v.mul(act.fast() ? fastSigmoid(v) : exactSigmoid(v));
        };
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

    private static FloatVector exactSigmoid(FloatVector v) {
        FloatVector e = v.neg().lanewise(VectorOperators.EXP);
        return FloatVector.broadcast(SPECIES, 1f).div(e.add(1f));
    }

    private static FloatVector fastSigmoid(FloatVector v) {
        // y = -|x| * log2(e), clamped to [-126, 0] and shifted by 127 so the float->int truncation is
        // a floor and the integer part is directly the biased exponent of 2^floor(y). Below -126,
        // exp(-|x|) is flushed to 0 so swish's x * sigmoid(x) goes to 0 rather than x * 2^-126.
        FloatVector y = v.abs().mul(-LOG2_E);
        FloatVector t = y.max(-126f).add(127f);
        IntVector exponent = (IntVector) t.convert(VectorOperators.F2I, 0);
        FloatVector f = t.sub((FloatVector) exponent.convert(VectorOperators.I2F, 0));
        FloatVector pow2Int = exponent.lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector poly = f.fma(C3, C2).fma(f, FloatVector.broadcast(SPECIES, C1))
            .fma(f, FloatVector.broadcast(SPECIES, C0));
        FloatVector e = poly.mul(pow2Int).blend(0f, y.lt(-126f));
        FloatVector s = FloatVector.broadcast(SPECIES, 1f).div(e.add(1f));
        return s.blend(e.mul(s), v.lt(0f));
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
