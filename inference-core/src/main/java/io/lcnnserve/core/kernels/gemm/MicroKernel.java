package io.lcnnserve.core.kernels.gemm;

import static io.lcnnserve.core.kernels.KernelConfig.FLOAT_SPECIES;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register tiles of {@link Sgemm}; most of a model's time is spent in {@link #tile8x2}.
 *
 * <p>{@code tile8x2} keeps an 8 x (2 vectors) block of C in 16 accumulator registers. Each k step
 * loads two vectors of the packed B panel ({@code b[bOffset + k*bStride ..]}, NR consecutive
 * columns) and broadcasts eight A values from the packed A panel ({@code a[aOffset + k*8 ..]}), then
 * issues 16 FMAs: enough independent accumulators to cover FMA latency on two FMA pipes. The result
 * is written (or added, when {@code accumulate}) to {@code out} rows {@code ldo} apart.
 * {@code row1x2} does the same for a single row, splitting k over two accumulator pairs.
 */
public final class MicroKernel {

    private static final VectorSpecies<Float> SPECIES = FLOAT_SPECIES;
    private static final int L = SPECIES.length();

    private MicroKernel() {
    }

    static void tile8x2(int kc, float[] a, int aOffset, float[] b, int bOffset, int bStride,
                        float[] out, int outOffset, int ldo, boolean accumulate) {
        tile8x2(kc, a, aOffset, b, bOffset, bStride, out, outOffset, ldo, accumulate, false, null, 0, 0f, 0f);
    }

    /**
     * {@code out[r][j] (+)= sum_k a[aOffset + k*8 + r] * b[bOffset + k*bStride + j]} for 8 rows
     * {@code ldo} apart and NR columns (the direct convolution also runs its tiles here); when {@code clamp} is set, each row r also gets {@code rowBias[rowBiasOffset + r]}
     * added and is clamped to [{@code low}, {@code high}] in registers before the store (the fused
     * bias + Relu/Relu6/Clip/identity epilogue; infinite bounds for no clamp).
     */
    public static void tile8x2(int kc, float[] a, int aOffset, float[] b, int bOffset, int bStride,
                               float[] out, int outOffset, int ldo, boolean accumulate,
                               boolean clamp, float[] rowBias, int rowBiasOffset, float low, float high) {
        FloatVector c00 = FloatVector.zero(SPECIES);
        FloatVector c01 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        FloatVector c40 = c00;
        FloatVector c41 = c00;
        FloatVector c50 = c00;
        FloatVector c51 = c00;
        FloatVector c60 = c00;
        FloatVector c61 = c00;
        FloatVector c70 = c00;
        FloatVector c71 = c00;
        int ai = aOffset;
        int bi = bOffset;
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bi);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bi + L);
            FloatVector x = FloatVector.broadcast(SPECIES, a[ai]);
            c00 = b0.fma(x, c00);
            c01 = b1.fma(x, c01);
            x = FloatVector.broadcast(SPECIES, a[ai + 1]);
            c10 = b0.fma(x, c10);
            c11 = b1.fma(x, c11);
            x = FloatVector.broadcast(SPECIES, a[ai + 2]);
            c20 = b0.fma(x, c20);
            c21 = b1.fma(x, c21);
            x = FloatVector.broadcast(SPECIES, a[ai + 3]);
            c30 = b0.fma(x, c30);
            c31 = b1.fma(x, c31);
            x = FloatVector.broadcast(SPECIES, a[ai + 4]);
            c40 = b0.fma(x, c40);
            c41 = b1.fma(x, c41);
            x = FloatVector.broadcast(SPECIES, a[ai + 5]);
            c50 = b0.fma(x, c50);
            c51 = b1.fma(x, c51);
            x = FloatVector.broadcast(SPECIES, a[ai + 6]);
            c60 = b0.fma(x, c60);
            c61 = b1.fma(x, c61);
            x = FloatVector.broadcast(SPECIES, a[ai + 7]);
            c70 = b0.fma(x, c70);
            c71 = b1.fma(x, c71);
            ai += 8;
            bi += bStride;
        }
        int o = outOffset;
        if (accumulate) {
            c00 = c00.add(FloatVector.fromArray(SPECIES, out, o));
            c01 = c01.add(FloatVector.fromArray(SPECIES, out, o + L));
            c10 = c10.add(FloatVector.fromArray(SPECIES, out, o + ldo));
            c11 = c11.add(FloatVector.fromArray(SPECIES, out, o + ldo + L));
            c20 = c20.add(FloatVector.fromArray(SPECIES, out, o + 2 * ldo));
            c21 = c21.add(FloatVector.fromArray(SPECIES, out, o + 2 * ldo + L));
            c30 = c30.add(FloatVector.fromArray(SPECIES, out, o + 3 * ldo));
            c31 = c31.add(FloatVector.fromArray(SPECIES, out, o + 3 * ldo + L));
            c40 = c40.add(FloatVector.fromArray(SPECIES, out, o + 4 * ldo));
            c41 = c41.add(FloatVector.fromArray(SPECIES, out, o + 4 * ldo + L));
            c50 = c50.add(FloatVector.fromArray(SPECIES, out, o + 5 * ldo));
            c51 = c51.add(FloatVector.fromArray(SPECIES, out, o + 5 * ldo + L));
            c60 = c60.add(FloatVector.fromArray(SPECIES, out, o + 6 * ldo));
            c61 = c61.add(FloatVector.fromArray(SPECIES, out, o + 6 * ldo + L));
            c70 = c70.add(FloatVector.fromArray(SPECIES, out, o + 7 * ldo));
            c71 = c71.add(FloatVector.fromArray(SPECIES, out, o + 7 * ldo + L));
        }
        if (clamp) {
            FloatVector lo = FloatVector.broadcast(SPECIES, low);
            FloatVector hi = FloatVector.broadcast(SPECIES, high);
            FloatVector bias = FloatVector.broadcast(SPECIES, rowBias[rowBiasOffset]);
            c00 = c00.add(bias).max(lo).min(hi);
            c01 = c01.add(bias).max(lo).min(hi);
            bias = FloatVector.broadcast(SPECIES, rowBias[rowBiasOffset + 1]);
            c10 = c10.add(bias).max(lo).min(hi);
            c11 = c11.add(bias).max(lo).min(hi);
            bias = FloatVector.broadcast(SPECIES, rowBias[rowBiasOffset + 2]);
            c20 = c20.add(bias).max(lo).min(hi);
            c21 = c21.add(bias).max(lo).min(hi);
            bias = FloatVector.broadcast(SPECIES, rowBias[rowBiasOffset + 3]);
            c30 = c30.add(bias).max(lo).min(hi);
            c31 = c31.add(bias).max(lo).min(hi);
            bias = FloatVector.broadcast(SPECIES, rowBias[rowBiasOffset + 4]);
            c40 = c40.add(bias).max(lo).min(hi);
            c41 = c41.add(bias).max(lo).min(hi);
            bias = FloatVector.broadcast(SPECIES, rowBias[rowBiasOffset + 5]);
            c50 = c50.add(bias).max(lo).min(hi);
            c51 = c51.add(bias).max(lo).min(hi);
            bias = FloatVector.broadcast(SPECIES, rowBias[rowBiasOffset + 6]);
            c60 = c60.add(bias).max(lo).min(hi);
            c61 = c61.add(bias).max(lo).min(hi);
            bias = FloatVector.broadcast(SPECIES, rowBias[rowBiasOffset + 7]);
            c70 = c70.add(bias).max(lo).min(hi);
            c71 = c71.add(bias).max(lo).min(hi);
        }
        c00.intoArray(out, o);
        c01.intoArray(out, o + L);
        c10.intoArray(out, o + ldo);
        c11.intoArray(out, o + ldo + L);
        c20.intoArray(out, o + 2 * ldo);
        c21.intoArray(out, o + 2 * ldo + L);
        c30.intoArray(out, o + 3 * ldo);
        c31.intoArray(out, o + 3 * ldo + L);
        c40.intoArray(out, o + 4 * ldo);
        c41.intoArray(out, o + 4 * ldo + L);
        c50.intoArray(out, o + 5 * ldo);
        c51.intoArray(out, o + 5 * ldo + L);
        c60.intoArray(out, o + 6 * ldo);
        c61.intoArray(out, o + 6 * ldo + L);
        c70.intoArray(out, o + 7 * ldo);
        c71.intoArray(out, o + 7 * ldo + L);
    }

    /**
     * {@code out[r][j] = sum_k a[aOffset + k*8 + r] * b[bOffset + k*bStride + j]} for 8 rows
     * {@code ldo} apart and one vector of columns: the narrow edge of a product whose width is not a
     * multiple of NR, at half the cost of a full tile.
     */
    static void tile8x1(int kc, float[] a, int aOffset, float[] b, int bOffset, int bStride,
                        float[] out, int outOffset, int ldo) {
        FloatVector c0 = FloatVector.zero(SPECIES);
        FloatVector c1 = c0;
        FloatVector c2 = c0;
        FloatVector c3 = c0;
        FloatVector c4 = c0;
        FloatVector c5 = c0;
        FloatVector c6 = c0;
        FloatVector c7 = c0;
        int ai = aOffset;
        int bi = bOffset;
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bi);
            c0 = b0.fma(FloatVector.broadcast(SPECIES, a[ai]), c0);
            c1 = b0.fma(FloatVector.broadcast(SPECIES, a[ai + 1]), c1);
            c2 = b0.fma(FloatVector.broadcast(SPECIES, a[ai + 2]), c2);
            c3 = b0.fma(FloatVector.broadcast(SPECIES, a[ai + 3]), c3);
            c4 = b0.fma(FloatVector.broadcast(SPECIES, a[ai + 4]), c4);
            c5 = b0.fma(FloatVector.broadcast(SPECIES, a[ai + 5]), c5);
            c6 = b0.fma(FloatVector.broadcast(SPECIES, a[ai + 6]), c6);
            c7 = b0.fma(FloatVector.broadcast(SPECIES, a[ai + 7]), c7);
            ai += 8;
            bi += bStride;
        }
        c0.intoArray(out, outOffset);
        c1.intoArray(out, outOffset + ldo);
        c2.intoArray(out, outOffset + 2 * ldo);
        c3.intoArray(out, outOffset + 3 * ldo);
        c4.intoArray(out, outOffset + 4 * ldo);
        c5.intoArray(out, outOffset + 5 * ldo);
        c6.intoArray(out, outOffset + 6 * ldo);
        c7.intoArray(out, outOffset + 7 * ldo);
    }

    /** One row of A (values {@code aStride} apart) times a B panel; writes NR floats to {@code out}. */
    static void row1x2(int kc, float[] a, int aOffset, int aStride, float[] b, int bOffset, int bStride,
                       float[] out, int outOffset) {
        FloatVector even0 = FloatVector.zero(SPECIES);
        FloatVector even1 = even0;
        FloatVector odd0 = even0;
        FloatVector odd1 = even0;
        int ai = aOffset;
        int bi = bOffset;
        int p = 0;
        for (; p + 1 < kc; p += 2) {
            FloatVector x = FloatVector.broadcast(SPECIES, a[ai]);
            even0 = FloatVector.fromArray(SPECIES, b, bi).fma(x, even0);
            even1 = FloatVector.fromArray(SPECIES, b, bi + L).fma(x, even1);
            FloatVector y = FloatVector.broadcast(SPECIES, a[ai + aStride]);
            odd0 = FloatVector.fromArray(SPECIES, b, bi + bStride).fma(y, odd0);
            odd1 = FloatVector.fromArray(SPECIES, b, bi + bStride + L).fma(y, odd1);
            ai += 2 * aStride;
            bi += 2 * bStride;
        }
        if (p < kc) {
            FloatVector x = FloatVector.broadcast(SPECIES, a[ai]);
            even0 = FloatVector.fromArray(SPECIES, b, bi).fma(x, even0);
            even1 = FloatVector.fromArray(SPECIES, b, bi + L).fma(x, even1);
        }
        even0.add(odd0).intoArray(out, outOffset);
        even1.add(odd1).intoArray(out, outOffset + L);
    }
}
