package io.lcnnserve.core.kernels.elementwise;

import static io.lcnnserve.core.kernels.KernelConfig.FLOAT_SPECIES;

import io.lcnnserve.core.kernels.Activation;
import io.lcnnserve.core.kernels.KernelConfig;
import io.lcnnserve.core.kernels.activation.ActivationKernels;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vectorized binary element-wise kernels over contiguous runs (same-shape operands), plus the
 * per-channel scaling of squeeze-and-excitation blocks. Output may alias either input. Layout: {@code n}
 * consecutive floats from each offset; vector loop then a masked tail.
 */
public final class ElementwiseKernels {

    private static final VectorSpecies<Float> SPECIES = FLOAT_SPECIES;

    private ElementwiseKernels() {
    }

    /** {@code out[i] = activation(a[i] + b[i])} (residual Add, optionally with a fused Relu). */
    public static void add(float[] a, int aOffset, float[] b, int bOffset, float[] out, int outOffset, int n,
                           Activation activation) {
        if (KernelConfig.SCALAR) {
            for (int i = 0; i < n; i++) {
                out[outOffset + i] = ActivationKernels.applyScalar(activation, a[aOffset + i] + b[bOffset + i]);
            }
            return;
        }
        float low = activation.isClamp() ? activation.clampLow() : Float.NEGATIVE_INFINITY;
        float high = activation.isClamp() ? activation.clampHigh() : Float.POSITIVE_INFINITY;
        for (int i = 0; i < n; i += SPECIES.length()) {
            VectorMask<Float> m = SPECIES.indexInRange(i, n);
            FloatVector.fromArray(SPECIES, a, aOffset + i, m)
                .add(FloatVector.fromArray(SPECIES, b, bOffset + i, m))
                .max(low).min(high)
                .intoArray(out, outOffset + i, m);
        }
        if (!activation.isClamp()) {
            ActivationKernels.apply(activation, out, outOffset, out, outOffset, n);
        }
    }

    /** {@code out[i] = a[i] * b[i]}. */
    public static void multiply(float[] a, int aOffset, float[] b, int bOffset, float[] out, int outOffset, int n) {
        if (KernelConfig.SCALAR) {
            for (int i = 0; i < n; i++) {
                out[outOffset + i] = a[aOffset + i] * b[bOffset + i];
            }
            return;
        }
        int i = 0;
        int bound = SPECIES.loopBound(n);
        for (; i < bound; i += SPECIES.length()) {
            FloatVector.fromArray(SPECIES, a, aOffset + i).mul(FloatVector.fromArray(SPECIES, b, bOffset + i))
                .intoArray(out, outOffset + i);
        }
        if (i < n) {
            VectorMask<Float> m = SPECIES.indexInRange(i, n);
            FloatVector.fromArray(SPECIES, a, aOffset + i, m).mul(FloatVector.fromArray(SPECIES, b, bOffset + i, m))
                .intoArray(out, outOffset + i, m);
        }
    }

    /**
     * {@code out[p][i] = x[p][i] * scale[p]} for {@code planes} planes of {@code planeSize}: Mul of an
     * [N, C, H, W] tensor by an [N, C, 1, 1] one (squeeze-and-excitation), {@code p} over N*C.
     */
    public static void scalePlanes(float[] x, int xOffset, float[] scale, int scaleOffset, float[] out, int outOffset,
                                   int planes, int planeSize) {
        for (int p = 0; p < planes; p++) {
            float s = scale[scaleOffset + p];
            int src = xOffset + p * planeSize;
            int dst = outOffset + p * planeSize;
            if (KernelConfig.SCALAR) {
                for (int i = 0; i < planeSize; i++) {
                    out[dst + i] = x[src + i] * s;
                }
                continue;
            }
            int i = 0;
            int bound = SPECIES.loopBound(planeSize);
            for (; i < bound; i += SPECIES.length()) {
                FloatVector.fromArray(SPECIES, x, src + i).mul(s).intoArray(out, dst + i);
            }
            if (i < planeSize) {
                VectorMask<Float> m = SPECIES.indexInRange(i, planeSize);
                FloatVector.fromArray(SPECIES, x, src + i, m).mul(s).intoArray(out, dst + i, m);
            }
        }
    }
}
