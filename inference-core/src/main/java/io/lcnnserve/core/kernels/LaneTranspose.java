package io.lcnnserve.core.kernels;

import static io.lcnnserve.core.kernels.KernelConfig.FLOAT_SPECIES;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Transpose of a 16 x 16 float tile with 512-bit vectors, for moving blocks between channel planes
 * and channel-interleaved positions ({@link ChannelBlocks}).
 *
 * <p>Four rounds of the perfect shuffle: each round makes row {@code 2i} the lane interleave of
 * rows {@code i} and {@code i + 8} (their low halves) and row {@code 2i + 1} that of their high
 * halves; after log2(16) rounds row r holds the old column r. A step is one two-vector permute, so
 * a tile costs 64 permutes instead of 256 element moves.
 *
 * <p>The rounds are written out in one method whose loads and stores are plain (unmasked): C2
 * keeps all 64 permutes in registers only while the method stays within its inlining budget;
 * masked or scattered stores (done by {@link #copyRows}) and loops over the rounds push it past the
 * budget or through memory, and it then boxes vectors or runs five times slower.
 */
public final class LaneTranspose {

    private static final VectorSpecies<Float> SPECIES = FLOAT_SPECIES;
    /** Tile side; the transpose works when vectors hold exactly this many floats. */
    public static final int SIZE = 16;
    /** True when vectors hold 16 floats, the tile this class transposes. */
    public static final boolean AVAILABLE = !KernelConfig.SCALAR && SPECIES.length() == SIZE;
    /** Floats of one tile. */
    public static final int TILE_FLOATS = SIZE * SIZE;
    private static final FloatVector LOW_HALVES = interleave(0);
    private static final FloatVector HIGH_HALVES = interleave(SIZE / 2);
    private static final ThreadLocal<MatrixScratch> MATRIX_SCRATCH = ThreadLocal.withInitial(MatrixScratch::new);

    /** A thread's tile and row offsets for {@link #transposeMatrix}. */
    private static final class MatrixScratch {
        final float[] tile = new float[TILE_FLOATS];
        final int[] srcRows = new int[SIZE];
        final int[] dstRows = new int[SIZE];
    }

    private LaneTranspose() {
    }

    /** Indexes into two concatenated vectors (a, b): a[first], b[first], a[first + 1], b[first + 1], ... */
    private static FloatVector interleave(int first) {
        int lanes = SPECIES.length();
        float[] indexes = new float[lanes];
        for (int i = 0; i < lanes / 2; i++) {
            indexes[2 * i] = first + i;
            indexes[2 * i + 1] = lanes + first + i;
        }
        return FloatVector.fromArray(SPECIES, indexes, 0);
    }

    /**
     * Reads 16 rows of 16 floats, row r at {@code src[srcOffset + srcRows[r] ..]}, and writes the
     * transposed tile row-major into {@code tile[0 .. 256)}: tile row j = source column j.
     */
    public static void transpose(float[] src, int srcOffset, int[] srcRows, float[] tile) {
        FloatVector r0 = FloatVector.fromArray(SPECIES, src, srcOffset + srcRows[0]);
        FloatVector r1 = FloatVector.fromArray(SPECIES, src, srcOffset + srcRows[1]);
        FloatVector r2 = FloatVector.fromArray(SPECIES, src, srcOffset + srcRows[2]);
        FloatVector r3 = FloatVector.fromArray(SPECIES, src, srcOffset + srcRows[3]);
        FloatVector r4 = FloatVector.fromArray(SPECIES, src, srcOffset + srcRows[4]);
        FloatVector r5 = FloatVector.fromArray(SPECIES, src, srcOffset + srcRows[5]);
        FloatVector r6 = FloatVector.fromArray(SPECIES, src, srcOffset + srcRows[6]);
        FloatVector r7 = FloatVector.fromArray(SPECIES, src, srcOffset + srcRows[7]);
        FloatVector r8 = FloatVector.fromArray(SPECIES, src, srcOffset + srcRows[8]);
        FloatVector r9 = FloatVector.fromArray(SPECIES, src, srcOffset + srcRows[9]);
        FloatVector r10 = FloatVector.fromArray(SPECIES, src, srcOffset + srcRows[10]);
        FloatVector r11 = FloatVector.fromArray(SPECIES, src, srcOffset + srcRows[11]);
        FloatVector r12 = FloatVector.fromArray(SPECIES, src, srcOffset + srcRows[12]);
        FloatVector r13 = FloatVector.fromArray(SPECIES, src, srcOffset + srcRows[13]);
        FloatVector r14 = FloatVector.fromArray(SPECIES, src, srcOffset + srcRows[14]);
        FloatVector r15 = FloatVector.fromArray(SPECIES, src, srcOffset + srcRows[15]);
        FloatVector a0 = LOW_HALVES.selectFrom(r0, r8);
        FloatVector a1 = HIGH_HALVES.selectFrom(r0, r8);
        FloatVector a2 = LOW_HALVES.selectFrom(r1, r9);
        FloatVector a3 = HIGH_HALVES.selectFrom(r1, r9);
        FloatVector a4 = LOW_HALVES.selectFrom(r2, r10);
        FloatVector a5 = HIGH_HALVES.selectFrom(r2, r10);
        FloatVector a6 = LOW_HALVES.selectFrom(r3, r11);
        FloatVector a7 = HIGH_HALVES.selectFrom(r3, r11);
        FloatVector a8 = LOW_HALVES.selectFrom(r4, r12);
        FloatVector a9 = HIGH_HALVES.selectFrom(r4, r12);
        FloatVector a10 = LOW_HALVES.selectFrom(r5, r13);
        FloatVector a11 = HIGH_HALVES.selectFrom(r5, r13);
        FloatVector a12 = LOW_HALVES.selectFrom(r6, r14);
        FloatVector a13 = HIGH_HALVES.selectFrom(r6, r14);
        FloatVector a14 = LOW_HALVES.selectFrom(r7, r15);
        FloatVector a15 = HIGH_HALVES.selectFrom(r7, r15);
        FloatVector b0 = LOW_HALVES.selectFrom(a0, a8);
        FloatVector b1 = HIGH_HALVES.selectFrom(a0, a8);
        FloatVector b2 = LOW_HALVES.selectFrom(a1, a9);
        FloatVector b3 = HIGH_HALVES.selectFrom(a1, a9);
        FloatVector b4 = LOW_HALVES.selectFrom(a2, a10);
        FloatVector b5 = HIGH_HALVES.selectFrom(a2, a10);
        FloatVector b6 = LOW_HALVES.selectFrom(a3, a11);
        FloatVector b7 = HIGH_HALVES.selectFrom(a3, a11);
        FloatVector b8 = LOW_HALVES.selectFrom(a4, a12);
        FloatVector b9 = HIGH_HALVES.selectFrom(a4, a12);
        FloatVector b10 = LOW_HALVES.selectFrom(a5, a13);
        FloatVector b11 = HIGH_HALVES.selectFrom(a5, a13);
        FloatVector b12 = LOW_HALVES.selectFrom(a6, a14);
        FloatVector b13 = HIGH_HALVES.selectFrom(a6, a14);
        FloatVector b14 = LOW_HALVES.selectFrom(a7, a15);
        FloatVector b15 = HIGH_HALVES.selectFrom(a7, a15);
        FloatVector c0 = LOW_HALVES.selectFrom(b0, b8);
        FloatVector c1 = HIGH_HALVES.selectFrom(b0, b8);
        FloatVector c2 = LOW_HALVES.selectFrom(b1, b9);
        FloatVector c3 = HIGH_HALVES.selectFrom(b1, b9);
        FloatVector c4 = LOW_HALVES.selectFrom(b2, b10);
        FloatVector c5 = HIGH_HALVES.selectFrom(b2, b10);
        FloatVector c6 = LOW_HALVES.selectFrom(b3, b11);
        FloatVector c7 = HIGH_HALVES.selectFrom(b3, b11);
        FloatVector c8 = LOW_HALVES.selectFrom(b4, b12);
        FloatVector c9 = HIGH_HALVES.selectFrom(b4, b12);
        FloatVector c10 = LOW_HALVES.selectFrom(b5, b13);
        FloatVector c11 = HIGH_HALVES.selectFrom(b5, b13);
        FloatVector c12 = LOW_HALVES.selectFrom(b6, b14);
        FloatVector c13 = HIGH_HALVES.selectFrom(b6, b14);
        FloatVector c14 = LOW_HALVES.selectFrom(b7, b15);
        FloatVector c15 = HIGH_HALVES.selectFrom(b7, b15);
        FloatVector d0 = LOW_HALVES.selectFrom(c0, c8);
        FloatVector d1 = HIGH_HALVES.selectFrom(c0, c8);
        FloatVector d2 = LOW_HALVES.selectFrom(c1, c9);
        FloatVector d3 = HIGH_HALVES.selectFrom(c1, c9);
        FloatVector d4 = LOW_HALVES.selectFrom(c2, c10);
        FloatVector d5 = HIGH_HALVES.selectFrom(c2, c10);
        FloatVector d6 = LOW_HALVES.selectFrom(c3, c11);
        FloatVector d7 = HIGH_HALVES.selectFrom(c3, c11);
        FloatVector d8 = LOW_HALVES.selectFrom(c4, c12);
        FloatVector d9 = HIGH_HALVES.selectFrom(c4, c12);
        FloatVector d10 = LOW_HALVES.selectFrom(c5, c13);
        FloatVector d11 = HIGH_HALVES.selectFrom(c5, c13);
        FloatVector d12 = LOW_HALVES.selectFrom(c6, c14);
        FloatVector d13 = HIGH_HALVES.selectFrom(c6, c14);
        FloatVector d14 = LOW_HALVES.selectFrom(c7, c15);
        FloatVector d15 = HIGH_HALVES.selectFrom(c7, c15);
        d0.intoArray(tile, 0);
        d1.intoArray(tile, 16);
        d2.intoArray(tile, 32);
        d3.intoArray(tile, 48);
        d4.intoArray(tile, 64);
        d5.intoArray(tile, 80);
        d6.intoArray(tile, 96);
        d7.intoArray(tile, 112);
        d8.intoArray(tile, 128);
        d9.intoArray(tile, 144);
        d10.intoArray(tile, 160);
        d11.intoArray(tile, 176);
        d12.intoArray(tile, 192);
        d13.intoArray(tile, 208);
        d14.intoArray(tile, 224);
        d15.intoArray(tile, 240);
    }

    /**
     * Copies tile rows {@code [0, rowCount)} to {@code dst[dstOffset + dstRows[dstRowsFrom + j] ..]},
     * each cut to its first {@code cols} elements (masked when fewer than 16).
     */
    public static void copyRows(float[] tile, float[] dst, int dstOffset, int[] dstRows, int dstRowsFrom, int rowCount,
                                int cols) {
        if (cols == SIZE) {
            for (int j = 0; j < rowCount; j++) {
                FloatVector.fromArray(SPECIES, tile, j * SIZE).intoArray(dst, dstOffset + dstRows[dstRowsFrom + j]);
            }
            return;
        }
        VectorMask<Float> mask = SPECIES.indexInRange(0, cols);
        for (int j = 0; j < rowCount; j++) {
            FloatVector.fromArray(SPECIES, tile, j * SIZE).intoArray(dst, dstOffset + dstRows[dstRowsFrom + j], mask);
        }
    }

    /**
     * {@code dst[dstOffset + c*ldDst + r] = src[srcOffset + r*ldSrc + c]} for {@code r < rows},
     * {@code c < cols}, in 16 x 16 tiles. Whole tiles are read even at the edges: {@code src} must
     * hold 16-row blocks up to {@code rows} rounded up to 16 and 16 floats past the last column;
     * only the {@code rows x cols} part is written.
     */
    public static void transposeMatrix(float[] src, int srcOffset, int rows, int cols, int ldSrc,
                                       float[] dst, int dstOffset, int ldDst) {
        MatrixScratch scratch = MATRIX_SCRATCH.get();
        for (int i = 0; i < SIZE; i++) {
            scratch.srcRows[i] = i * ldSrc;
            scratch.dstRows[i] = i * ldDst;
        }
        for (int r0 = 0; r0 < rows; r0 += SIZE) {
            int validRows = Math.min(SIZE, rows - r0);
            for (int c0 = 0; c0 < cols; c0 += SIZE) {
                transpose(src, srcOffset + r0 * ldSrc + c0, scratch.srcRows, scratch.tile);
                copyRows(scratch.tile, dst, dstOffset + c0 * ldDst + r0, scratch.dstRows, 0, Math.min(SIZE, cols - c0),
                    validRows);
            }
        }
    }
}
