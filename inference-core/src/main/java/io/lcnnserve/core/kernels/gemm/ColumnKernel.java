package io.lcnnserve.core.kernels.gemm;

import io.lcnnserve.core.kernels.KernelConfig;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The last few columns of a product, one column at a time with the 8 rows of an A panel in the
 * lanes: {@code out[r][j] = sum_k a[aOffset + k*8 + r] * b[bOffset + k*bStride + j]}. A register
 * tile spends a whole vector of lanes on each row, so for a product 49 columns wide (MobileNet's
 * 7x7 planes) its last tile computes 32 columns to keep 17; this kernel costs one FMA per column
 * and 8-row k step (a 16-float vector holds two k steps) instead.
 *
 * <p>It uses the engine's one vector species, never a narrower one: a second vector shape sharing
 * the Vector API's profiled call sites left C2 unable to unbox the register tiles' accumulators,
 * and {@link MicroKernel#tile8x2} then allocated a vector per FMA (gigabytes per inference).
 */
final class ColumnKernel {

    private static final VectorSpecies<Float> SPECIES = KernelConfig.FLOAT_SPECIES;
    private static final int L = SPECIES.length();
    /** k steps of an A panel (8 rows each) per vector. */
    private static final int STEPS = L / 8;
    /** The lanes of a vector's second k step (none when a vector holds one). */
    private static final VectorMask<Float> SECOND_STEP = VectorMask.fromLong(SPECIES, STEPS == 2 ? 0xFF00L : 0L);

    /**
     * Below this many columns a vector-wide tile costs more than column by column; zero unless a
     * vector holds one or two whole k steps, which leaves every edge to the tiles.
     */
    static final int MAX_COLUMNS = STEPS == 1 || STEPS == 2 ? 8 : 0;

    private ColumnKernel() {
    }

    /**
     * {@code cols} columns of 8 rows into {@code out} (rows {@code ldo} apart), using
     * {@code lanes} (at least one vector of floats) to turn each column's vector into row entries.
     */
    static void columns(int kc, int cols, float[] a, int aOffset, float[] b, int bOffset, int bStride,
                        float[] out, int outOffset, int ldo, float[] lanes) {
        int stepsPerIteration = 2 * STEPS;
        for (int j = 0; j < cols; j++) {
            FloatVector s0 = FloatVector.zero(SPECIES);
            FloatVector s1 = s0;
            int ai = aOffset;
            int bi = bOffset + j;
            int p = 0;
            // Two independent sums, each over STEPS k steps per FMA, break the dependency chain.
            for (; p + stepsPerIteration <= kc; p += stepsPerIteration) {
                FloatVector b0 = FloatVector.broadcast(SPECIES, b[bi])
                    .blend(FloatVector.broadcast(SPECIES, b[bi + (STEPS - 1) * bStride]), SECOND_STEP);
                FloatVector b1 = FloatVector.broadcast(SPECIES, b[bi + STEPS * bStride])
                    .blend(FloatVector.broadcast(SPECIES, b[bi + (2 * STEPS - 1) * bStride]), SECOND_STEP);
                s0 = FloatVector.fromArray(SPECIES, a, ai).fma(b0, s0);
                s1 = FloatVector.fromArray(SPECIES, a, ai + L).fma(b1, s1);
                ai += 2 * L;
                bi += stepsPerIteration * bStride;
            }
            s0.add(s1).intoArray(lanes, 0);
            for (int r = 0; r < 8; r++) {
                float sum = lanes[r];
                for (int s = 1; s < STEPS; s++) {
                    sum += lanes[s * 8 + r];
                }
                for (int q = p, aq = ai, bq = bi; q < kc; q++, aq += 8, bq += bStride) {
                    sum += a[aq + r] * b[bq];
                }
                out[outOffset + r * ldo + j] = sum;
            }
        }
    }
}
