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
 * {@code kc * width} floats.
 */
final class Packing {

    private static final VectorSpecies<Float> SPECIES = FLOAT_SPECIES;

    private Packing() {
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
                for (int r = 0; r < mr; r++) {
                    int dstIndex = out + r;
                    if (r < rows) {
                        int src = offset + (panelRow + r) * lda + kStart;
                        for (int kk = 0; kk < kc; kk++) {
                            dst[dstIndex + kk * mr] = a[src + kk];
                        }
                    } else {
                        for (int kk = 0; kk < kc; kk++) {
                            dst[dstIndex + kk * mr] = 0f;
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
