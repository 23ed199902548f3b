package io.lcnnserve.core.kernels.gemm;

import io.lcnnserve.core.kernels.KernelConfig;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The last few columns of a product, one column at a time with the 8 rows of an A panel in the
 * lanes: {@code out[r][j] = sum_k a[aOffset + k*8 + r] * b[bOffset + k*bStride + j]}. A register
 * tile spends a whole vector of lanes on each row, so for a product 49 columns wide (MobileNet's
 * 7x7 planes) its last tile computes 32 columns to keep 17; this kernel costs one 8-lane FMA per
 * column and k step instead. Four partial sums over k break the FMA dependency chain.
 */
final class ColumnKernel {

    /** Eight lanes, one per row of an A panel. */
    private static final VectorSpecies<Float> ROWS = FloatVector.SPECIES_256;

    /**
     * Below this many columns a vector-wide tile costs more than column by column (8 FMAs per k
     * step for a one-vector tile against one per column); zero where vectors hold fewer than 8
     * floats, which leaves every edge to the tiles.
     */
    static final int MAX_COLUMNS = KernelConfig.LANES >= ROWS.length() ? 8 : 0;

    private ColumnKernel() {
    }

    /**
     * {@code cols} columns of 8 rows into {@code out} (rows {@code ldo} apart), using
     * {@code lanes} (at least 8 floats) to turn each column's vector into row entries.
     */
    static void columns(int kc, int cols, float[] a, int aOffset, float[] b, int bOffset, int bStride,
                        float[] out, int outOffset, int ldo, float[] lanes) {
        for (int j = 0; j < cols; j++) {
            FloatVector s0 = FloatVector.zero(ROWS);
            FloatVector s1 = s0;
            FloatVector s2 = s0;
            FloatVector s3 = s0;
            int ai = aOffset;
            int bi = bOffset + j;
            int p = 0;
            for (; p + 3 < kc; p += 4) {
                s0 = FloatVector.fromArray(ROWS, a, ai).fma(FloatVector.broadcast(ROWS, b[bi]), s0);
                s1 = FloatVector.fromArray(ROWS, a, ai + 8).fma(FloatVector.broadcast(ROWS, b[bi + bStride]), s1);
                s2 = FloatVector.fromArray(ROWS, a, ai + 16).fma(FloatVector.broadcast(ROWS, b[bi + 2 * bStride]), s2);
                s3 = FloatVector.fromArray(ROWS, a, ai + 24).fma(FloatVector.broadcast(ROWS, b[bi + 3 * bStride]), s3);
                ai += 32;
                bi += 4 * bStride;
            }
            for (; p < kc; p++) {
                s0 = FloatVector.fromArray(ROWS, a, ai).fma(FloatVector.broadcast(ROWS, b[bi]), s0);
                ai += 8;
                bi += bStride;
            }
            s0.add(s1).add(s2.add(s3)).intoArray(lanes, 0);
            for (int r = 0; r < 8; r++) {
                out[outOffset + r * ldo + j] = lanes[r];
            }
        }
    }
}
