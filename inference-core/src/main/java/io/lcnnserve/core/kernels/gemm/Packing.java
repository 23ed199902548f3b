package io.lcnnserve.core.kernels.gemm;

import static io.lcnnserve.core.kernels.KernelConfig.FLOAT_SPECIES;

import io.lcnnserve.core.kernels.KernelConfig;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Copies GEMM operand blocks into the micro-kernel's panel layout (see {@link PackedMatrix}):
 * A rows into MR-wide panels {@code [k][MR]}, B columns into NR-wide panels {@code [k][NR]}, with
 * zero padding past the last row/column. A panel over {@code kc} depth steps spans
 * {@code kc * width} floats. Full 8-row panels of a row-major A are transposed 8 x L floats at a time
 * with vector permutes; B rows are copied as whole vectors.
 */
final class Packing {

    private static final VectorSpecies<Float> SPECIES = FLOAT_SPECIES;
    private static final int L = SPECIES.length();
    /** The 8-row transpose below needs 8 or 16 lanes (256- or 512-bit vectors). */
    private static final boolean VECTOR_TRANSPOSE = !KernelConfig.SCALAR && Sgemm.MR == 8 && (L == 8 || L == 16);
    private static final FloatVector ZIP1_LO = zipIndexes(1, false);
    private static final FloatVector ZIP1_HI = zipIndexes(1, true);
    private static final FloatVector ZIP2_LO = zipIndexes(2, false);
    private static final FloatVector ZIP2_HI = zipIndexes(2, true);
    private static final FloatVector ZIP4_LO = zipIndexes(4, false);
    private static final FloatVector ZIP4_HI = zipIndexes(4, true);

    private Packing() {
    }

    /**
     * Index vector for {@code selectFrom(x, y)} interleaving groups of {@code group} lanes of x and y
     * (x's lanes are 0..L-1, y's L..2L-1): the low half of the interleaving, or the high half.
     */
    private static FloatVector zipIndexes(int group, boolean high) {
        float[] indexes = new float[L];
        for (int j = 0; j < L; j++) {
            int block = j / (2 * group);
            int within = j % (2 * group);
            int source = within < group ? block * group + within : L + block * group + within - group;
            indexes[j] = source + (high ? L / 2 : 0);
        }
        return FloatVector.fromArray(SPECIES, indexes, 0);
    }

    /**
     * Transposes an 8 x L block of row-major A (rows {@code lda} apart) into L consecutive k steps
     * of an MR=8 panel, {@code dst[k*8 + r] = a[src + r*lda + k]}: three rounds of two-vector
     * interleaves (single lanes, pairs, quads), 24 permutes per 8L floats.
     */
    private static void transpose8(float[] a, int src, int lda, float[] dst, int out) {
        FloatVector r0 = FloatVector.fromArray(SPECIES, a, src);
        FloatVector r1 = FloatVector.fromArray(SPECIES, a, src + lda);
        FloatVector r2 = FloatVector.fromArray(SPECIES, a, src + 2 * lda);
        FloatVector r3 = FloatVector.fromArray(SPECIES, a, src + 3 * lda);
        FloatVector r4 = FloatVector.fromArray(SPECIES, a, src + 4 * lda);
        FloatVector r5 = FloatVector.fromArray(SPECIES, a, src + 5 * lda);
        FloatVector r6 = FloatVector.fromArray(SPECIES, a, src + 6 * lda);
        FloatVector r7 = FloatVector.fromArray(SPECIES, a, src + 7 * lda);
        FloatVector p01lo = ZIP1_LO.selectFrom(r0, r1);
        FloatVector p01hi = ZIP1_HI.selectFrom(r0, r1);
        FloatVector p23lo = ZIP1_LO.selectFrom(r2, r3);
        FloatVector p23hi = ZIP1_HI.selectFrom(r2, r3);
        FloatVector p45lo = ZIP1_LO.selectFrom(r4, r5);
        FloatVector p45hi = ZIP1_HI.selectFrom(r4, r5);
        FloatVector p67lo = ZIP1_LO.selectFrom(r6, r7);
        FloatVector p67hi = ZIP1_HI.selectFrom(r6, r7);
        FloatVector q0 = ZIP2_LO.selectFrom(p01lo, p23lo);
        FloatVector q1 = ZIP2_HI.selectFrom(p01lo, p23lo);
        FloatVector q2 = ZIP2_LO.selectFrom(p01hi, p23hi);
        FloatVector q3 = ZIP2_HI.selectFrom(p01hi, p23hi);
        FloatVector q4 = ZIP2_LO.selectFrom(p45lo, p67lo);
        FloatVector q5 = ZIP2_HI.selectFrom(p45lo, p67lo);
        FloatVector q6 = ZIP2_LO.selectFrom(p45hi, p67hi);
        FloatVector q7 = ZIP2_HI.selectFrom(p45hi, p67hi);
        ZIP4_LO.selectFrom(q0, q4).intoArray(dst, out);
        ZIP4_HI.selectFrom(q0, q4).intoArray(dst, out + L);
        ZIP4_LO.selectFrom(q1, q5).intoArray(dst, out + 2 * L);
        ZIP4_HI.selectFrom(q1, q5).intoArray(dst, out + 3 * L);
        ZIP4_LO.selectFrom(q2, q6).intoArray(dst, out + 4 * L);
        ZIP4_HI.selectFrom(q2, q6).intoArray(dst, out + 5 * L);
        ZIP4_LO.selectFrom(q3, q7).intoArray(dst, out + 6 * L);
        ZIP4_HI.selectFrom(q3, q7).intoArray(dst, out + 7 * L);
    }

    /** Packs A[rowStart..rowEnd, kStart..kEnd) into MR panels at {@code dst[dstOffset..]}. */
    static void packLeft(float[] a, int offset, int lda, boolean transposed, int rowStart, int rowEnd,
                         int kStart, int kEnd, float[] dst, int dstOffset) {
        int mr = Sgemm.MR;
        int kc = kEnd - kStart;
        int out = dstOffset;
        for (int panelRow = rowStart; panelRow < rowEnd; panelRow += mr) {
            int rows = Math.min(mr, rowEnd - panelRow);
            if (transposed) {
                // A stored [k][m]: one k step of the panel is a contiguous run of rows.
                for (int kk = kStart; kk < kEnd; kk++) {
                    int src = offset + kk * lda + panelRow;
                    System.arraycopy(a, src, dst, out, rows);
                    for (int r = rows; r < mr; r++) {
                        dst[out + r] = 0f;
                    }
                    out += mr;
                }
            } else {
                int kk = 0;
                if (VECTOR_TRANSPOSE && rows == mr) {
                    int src = offset + panelRow * lda + kStart;
                    for (; kk + L <= kc; kk += L) {
                        transpose8(a, src + kk, lda, dst, out + kk * mr);
                    }
                }
                int firstScalarK = kk;
                for (int r = 0; r < mr; r++) {
                    int dstIndex = out + r;
                    if (r < rows) {
                        int src = offset + (panelRow + r) * lda + kStart;
                        for (int k = firstScalarK; k < kc; k++) {
                            dst[dstIndex + k * mr] = a[src + k];
                        }
                    } else {
                        for (int k = firstScalarK; k < kc; k++) {
                            dst[dstIndex + k * mr] = 0f;
                        }
                    }
                }
                out += kc * mr;
            }
        }
    }

    /** Packs B[kStart..kEnd, colStart..colEnd) into NR panels at {@code dst[dstOffset..]}. */
    static void packRight(float[] b, int offset, int ldb, boolean transposed, int kStart, int kEnd,
                          int colStart, int colEnd, float[] dst, int dstOffset) {
        int nr = Sgemm.NR;
        int out = dstOffset;
        for (int panelCol = colStart; panelCol < colEnd; panelCol += nr) {
            int cols = Math.min(nr, colEnd - panelCol);
            if (transposed) {
                // B stored [n][k]: column j of the panel is a contiguous run over k.
                int kc = kEnd - kStart;
                for (int j = 0; j < nr; j++) {
                    int dstIndex = out + j;
                    if (j < cols) {
                        int src = offset + (panelCol + j) * ldb + kStart;
                        for (int kk = 0; kk < kc; kk++) {
                            dst[dstIndex + kk * nr] = b[src + kk];
                        }
                    } else {
                        for (int kk = 0; kk < kc; kk++) {
                            dst[dstIndex + kk * nr] = 0f;
                        }
                    }
                }
                out += kc * nr;
            } else {
                for (int kk = kStart; kk < kEnd; kk++) {
                    copyPadded(b, offset + kk * ldb + panelCol, cols, dst, out, nr);
                    out += nr;
                }
            }
        }
    }

    /** Copies {@code count} floats and zero-fills up to {@code width}. */
    private static void copyPadded(float[] src, int srcOffset, int count, float[] dst, int dstOffset, int width) {
        if (KernelConfig.SCALAR) {
            System.arraycopy(src, srcOffset, dst, dstOffset, count);
            for (int j = count; j < width; j++) {
                dst[dstOffset + j] = 0f;
            }
            return;
        }
        int lanes = SPECIES.length();
        for (int j = 0; j < width; j += lanes) {
            if (j + lanes <= count) {
                FloatVector.fromArray(SPECIES, src, srcOffset + j).intoArray(dst, dstOffset + j);
            } else {
                VectorMask<Float> m = SPECIES.indexInRange(j, count);
                FloatVector.fromArray(SPECIES, src, srcOffset + j, m).intoArray(dst, dstOffset + j);
            }
        }
    }
}
