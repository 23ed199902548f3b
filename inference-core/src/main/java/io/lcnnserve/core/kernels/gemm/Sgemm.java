package io.lcnnserve.core.kernels.gemm;

import static io.lcnnserve.core.kernels.KernelConfig.FLOAT_SPECIES;

import io.lcnnserve.core.kernels.KernelConfig;
import io.lcnnserve.core.kernels.parallel.Parallel;
import java.util.Objects;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Single-precision GEMM: {@code C[M,N] = epilogue(A[M,K] · B[K,N] (+ C))}, all row-major with
 * leading dimensions, either operand optionally transposed or pre-packed ({@link PackedMatrix}).
 *
 * <p>Blocking (GotoBLAS/BLIS order). Loop over N in blocks of {@link #NC} columns; over K in blocks of
 * {@link #KC}; pack that B block into NR-wide panels ({@code KC x NR} floats, 32 KiB with 512-bit
 * vectors, sized for L1); loop over M in blocks of {@link #MC} rows and pack that A block into
 * MR-wide panels ({@code MC x KC}, sized for L2); then for each B panel, for each A panel, run the
 * {@link MicroKernel} register tile ({@link #MR} x {@link #NR}). Pre-packed operands skip their
 * packing step, and so does a plain B when the product has at most 160 rows (its full-width panels
 * are read in place). Edge tiles (fewer than MR rows or NR columns) are computed into a small tile buffer
 * and merged; edge tiles of at most 3 rows use the one-row kernel, narrow ones a one-vector tile
 * and the {@link ColumnKernel} for the last few columns. After the last K block the
 * epilogue runs on each tile: a row bias with identity/Relu/Relu6/Clip is applied to the
 * accumulators in registers; any other epilogue runs over the stored tile while it is hot in L1.
 *
 * <p>Threads: the output is split statically along N (in NR columns) or M (in MR rows), whichever
 * has more tiles, one contiguous range per thread of the given {@link Parallel}.
 */
public final class Sgemm {

    private static final VectorSpecies<Float> SPECIES = FLOAT_SPECIES;

    /** Rows of the register tile. */
    public static final int MR = 8;
    /** Columns of the register tile: two vectors. */
    public static final int NR = 2 * SPECIES.length();
    /** Depth of one packed block. */
    static final int KC = 256;
    /** Rows of one packed A block (multiple of MR). */
    static final int MC = 128;
    /** Columns of one packed B block (multiple of NR). */
    static final int NC = 64 * NR;
    /** Edge tiles with at most this many rows use the one-row kernel per row. */
    private static final int ROW_KERNEL_MAX_ROWS = 3;

    /** Stands in for the row bias when there is none: the fused clamp then adds zeros. */
    private static final float[] ZERO_BIAS = new float[MR];

    /**
     * Products with at most this many rows read an unpacked, untransposed B in place (rows
     * {@code ldb} apart) instead of packing it: with few row tiles per B panel the copy costs more
     * than the strided reads it saves. Measured on MobileNet's 1x1 shapes: 1.2-1.6x faster up to
     * 160 rows, mixed at 384-576, slower for large square products.
     */
    private static final int DIRECT_B_MAX_ROWS = 20 * MR;
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** Per-thread packing buffers and product description, allocated once per thread. */
    private static final class Scratch {
        final float[] packedA = new float[MC * KC];
        final float[] packedB = new float[KC * NC];
        final float[] tile = new float[MR * NR];
        final float[] lanes = new float[SPECIES.length()];
        final Product product = new Product();
    }

    /**
     * One GEMM operand: pre-packed, or a row-major array region (element (x, y) of the logical
     * matrix is {@code data[offset + x*ld + y]}, or {@code data[offset + y*ld + x]} if transposed).
     * Mutable so that a thread reuses its own from call to call.
     */
    private static final class Operand {
        PackedMatrix packed;
        float[] data;
        int offset;
        int ld;
        boolean transposed;

        void set(PackedMatrix packed, float[] data, int offset, int ld, boolean transposed) {
            this.packed = packed;
            this.data = data;
            this.offset = offset;
            this.ld = ld;
            this.transposed = transposed;
        }
    }

    /**
     * One call's product, the body its threads run: each calling thread reuses its own, so a
     * multiply allocates nothing. Workers only read it while the caller waits in the loop.
     */
    private static final class Product implements Parallel.RangeBody {
        final Operand a = new Operand();
        final Operand b = new Operand();
        int m;
        int n;
        int k;
        float[] c;
        int cOffset;
        int ldc;
        boolean accumulate;
        GemmEpilogue epilogue;
        /** Parts are row ranges (else column ranges). */
        boolean splitRows;

        @Override
        public void run(int part, int start, int end) {
            if (splitRows) {
                blocked(m, n, k, a, b, c, cOffset, ldc, accumulate, epilogue, start, end, 0, n);
            } else {
                blocked(m, n, k, a, b, c, cOffset, ldc, accumulate, epilogue, 0, m, start, end);
            }
        }

        /** Drops the references to the caller's arrays once the call is over. */
        void clear() {
            a.set(null, null, 0, 0, false);
            b.set(null, null, 0, 0, false);
            c = null;
            epilogue = null;
        }
    }

    private Sgemm() {
    }

    /** {@code C = epilogue(A·B (+ C))} with both operands packed on the fly. */
    public static void multiply(int m, int n, int k,
                                float[] a, int aOffset, int lda, boolean transA,
                                float[] b, int bOffset, int ldb, boolean transB,
                                float[] c, int cOffset, int ldc, boolean accumulate,
                                GemmEpilogue epilogue, Parallel parallel) {
        Product product = SCRATCH.get().product;
        product.a.set(null, a, aOffset, lda, transA);
        product.b.set(null, b, bOffset, ldb, transB);
        run(product, m, n, k, c, cOffset, ldc, accumulate, epilogue, parallel);
    }

    /** {@code C = epilogue(A·B (+ C))} with pre-packed A (e.g. convolution weights [M, K]). */
    public static void multiply(PackedMatrix a, int n, float[] b, int bOffset, int ldb, boolean transB,
                                float[] c, int cOffset, int ldc, boolean accumulate,
                                GemmEpilogue epilogue, Parallel parallel) {
        requireSide(a, PackedMatrix.Side.LEFT);
        Product product = SCRATCH.get().product;
        product.a.set(a, null, 0, 0, false);
        product.b.set(null, b, bOffset, ldb, transB);
        run(product, a.outer(), n, a.depth(), c, cOffset, ldc, accumulate, epilogue, parallel);
    }

    /** {@code C = epilogue(A·B (+ C))} with pre-packed B (e.g. fully-connected weights [K, N]). */
    public static void multiply(int m, float[] a, int aOffset, int lda, boolean transA, PackedMatrix b,
                                float[] c, int cOffset, int ldc, boolean accumulate,
                                GemmEpilogue epilogue, Parallel parallel) {
        requireSide(b, PackedMatrix.Side.RIGHT);
        Product product = SCRATCH.get().product;
        product.a.set(null, a, aOffset, lda, transA);
        product.b.set(b, null, 0, 0, false);
        run(product, m, b.outer(), b.depth(), c, cOffset, ldc, accumulate, epilogue, parallel);
    }

    private static void requireSide(PackedMatrix matrix, PackedMatrix.Side side) {
        if (matrix.side() != side) {
            throw new IllegalArgumentException("expected a " + side + " packed operand, got " + matrix);
        }
    }

    /** Runs the product whose operands are set in {@code product}, then clears it. */
    private static void run(Product product, int m, int n, int k, float[] c, int cOffset, int ldc,
                            boolean accumulate, GemmEpilogue epilogue, Parallel parallel) {
        try {
            Objects.requireNonNull(epilogue, "epilogue");
            if (m < 0 || n < 0 || k < 0) {
                throw new IllegalArgumentException("negative GEMM dimensions m=" + m + " n=" + n + " k=" + k);
            }
            if (m == 0 || n == 0) {
                return;
            }
            if (k == 0) {
                emptyProduct(m, n, c, cOffset, ldc, accumulate, epilogue);
                return;
            }
            if (KernelConfig.SCALAR) {
                multiplyScalar(m, n, k, product.a, product.b, c, cOffset, ldc, accumulate, epilogue);
                return;
            }
            int tilesM = (m + MR - 1) / MR;
            int tilesN = (n + NR - 1) / NR;
            if (parallel.threads() == 1) {
                blocked(m, n, k, product.a, product.b, c, cOffset, ldc, accumulate, epilogue, 0, m, 0, n);
                return;
            }
            product.m = m;
            product.n = n;
            product.k = k;
            product.c = c;
            product.cOffset = cOffset;
            product.ldc = ldc;
            product.accumulate = accumulate;
            product.epilogue = epilogue;
            product.splitRows = tilesN < tilesM;
            parallel.forRange(product.splitRows ? m : n, product.splitRows ? MR : NR, product);
        } finally {
            product.clear();
        }
    }

    /** The blocked algorithm on rows [mStart, mEnd) and columns [nStart, nEnd) (both tile-aligned). */
    private static void blocked(int m, int n, int k, Operand a, Operand b, float[] c, int cOffset, int ldc,
                                boolean accumulate, GemmEpilogue epilogue,
                                int mStart, int mEnd, int nStart, int nEnd) {
        Scratch scratch = SCRATCH.get();
        boolean directB = m <= DIRECT_B_MAX_ROWS && b.packed == null && !b.transposed;
        boolean applyEpilogue = !epilogue.isIdentity();
        boolean fusedClamp = applyEpilogue && epilogue.fusesAsClamp();
        float[] rowBias = epilogue.biasAxis() == GemmEpilogue.BiasAxis.ROW ? epilogue.bias() : ZERO_BIAS;
        float low = epilogue.activation().clampLow();
        float high = epilogue.activation().clampHigh();
        int kBlock = singleDepthBlock(m, k, b) ? k : KC;
        for (int jc = nStart; jc < nEnd; jc += NC) {
            int nc = Math.min(NC, nEnd - jc);
            for (int pc = 0; pc < k; pc += kBlock) {
                int kc = Math.min(kBlock, k - pc);
                boolean loadC = accumulate || pc > 0;
                boolean lastK = pc + kc == k;
                float[] bData;
                int bBase;
                int bPanelStride;
                if (b.packed != null) {
                    PackedMatrix pb = b.packed;
                    bData = pb.data();
                    bPanelStride = pb.panelStride();
                    bBase = (jc / NR) * bPanelStride + pc * NR;
                } else if (directB) {
                    bData = b.data;
                    bPanelStride = 0;
                    bBase = 0;
                } else {
                    bData = scratch.packedB;
                    bPanelStride = kc * NR;
                    bBase = 0;
                    Packing.packRight(b.data, b.offset, b.ld, b.transposed, pc, pc + kc, jc, jc + nc, bData, 0);
                }
                for (int ic = mStart; ic < mEnd; ic += MC) {
                    int mc = Math.min(MC, mEnd - ic);
                    float[] aData;
                    int aBase;
                    int aPanelStride;
                    if (a.packed != null) {
                        PackedMatrix pa = a.packed;
                        aData = pa.data();
                        aPanelStride = pa.panelStride();
                        aBase = (ic / MR) * aPanelStride + pc * MR;
                    } else {
                        aData = scratch.packedA;
                        aPanelStride = kc * MR;
                        aBase = 0;
                        Packing.packLeft(a.data, a.offset, a.ld, a.transposed, ic, ic + mc, pc, pc + kc, aData, 0);
                    }
                    if (directB && nc % NR != 0) {
                        int lastPanel = nc - nc % NR;
                        Packing.packRight(b.data, b.offset, b.ld, false, pc, pc + kc, jc + lastPanel, jc + nc,
                            scratch.packedB, 0);
                    }
                    for (int jr = 0; jr < nc; jr += NR) {
                        int nr = Math.min(NR, nc - jr);
                        float[] panel = bData;
                        int bOffset = bBase + (jr / NR) * bPanelStride;
                        int bStride = NR;
                        if (directB && nr == NR) {
                            bOffset = b.offset + pc * b.ld + jc + jr;
                            bStride = b.ld;
                        } else if (directB) {
                            panel = scratch.packedB;
                            bOffset = 0;
                        }
                        for (int ir = 0; ir < mc; ir += MR) {
                            int mr = Math.min(MR, mc - ir);
                            int aOffset = aBase + (ir / MR) * aPanelStride;
                            int row = ic + ir;
                            int col = jc + jr;
                            int cTile = cOffset + row * ldc + col;
                            if (mr == MR && nr == NR) {
                                boolean clamp = lastK && fusedClamp;
                                int biasIndex = rowBias == ZERO_BIAS ? 0 : epilogue.biasOffset() + row;
                                MicroKernel.tile8x2(kc, aData, aOffset, panel, bOffset, bStride, c, cTile, ldc, loadC,
                                    clamp, rowBias, biasIndex, low, high);
                                if (lastK && applyEpilogue && !clamp) {
                                    epilogue.applyToTile(c, cTile, ldc, row, col, mr, nr);
                                }
                            } else {
                                edgeTile(kc, mr, nr, aData, aOffset, panel, bOffset, bStride, c, cTile, ldc, loadC,
                                    scratch);
                                if (lastK && applyEpilogue) {
                                    epilogue.applyToTile(c, cTile, ldc, row, col, mr, nr);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * A product of at most one row tile (a fully-connected layer at a small batch) reads each B
     * panel over the whole depth at once: the weights then stream through in one sequential pass
     * instead of one pass per K block, with no partial sums to reload. Only when the packed A
     * panel still fits its scratch and B needs no packing beyond its last partial panel.
     */
    private static boolean singleDepthBlock(int m, int k, Operand b) {
        boolean bInPlace = b.packed != null || !b.transposed;
        return m <= MR && (long) k * MR <= (long) MC * KC && (long) k * NR <= (long) KC * NC && bInPlace;
    }

    /**
     * A partial tile: computed into the scratch tile ([MR][NR]) and merged into the valid part of C.
     * Narrow edges are computed only as wide as needed: a full-height tile narrower than NR runs
     * one vector of columns at a time, and fewer than {@link ColumnKernel#MAX_COLUMNS} left over
     * run column by column.
     */
    private static void edgeTile(int kc, int mr, int nr, float[] a, int aOffset, float[] b, int bOffset, int bStride,
                                 float[] c, int cTile, int ldc, boolean loadC, Scratch scratch) {
        float[] tile = scratch.tile;
        int lanes = SPECIES.length();
        if (mr <= ROW_KERNEL_MAX_ROWS) {
            for (int r = 0; r < mr; r++) {
                MicroKernel.row1x2(kc, a, aOffset + r, MR, b, bOffset, bStride, tile, r * NR);
            }
        } else if (nr == NR) {
            MicroKernel.tile8x2(kc, a, aOffset, b, bOffset, bStride, tile, 0, NR, false);
        } else {
            for (int j = 0; j < nr; j += lanes) {
                int width = Math.min(lanes, nr - j);
                if (width < ColumnKernel.MAX_COLUMNS) {
                    ColumnKernel.columns(kc, width, a, aOffset, b, bOffset + j, bStride, tile, j, NR, scratch.lanes);
                } else {
                    MicroKernel.tile8x1(kc, a, aOffset, b, bOffset + j, bStride, tile, j, NR);
                }
            }
        }
        for (int r = 0; r < mr; r++) {
            int cRow = cTile + r * ldc;
            for (int j = 0; j < nr; j += lanes) {
                VectorMask<Float> mask = SPECIES.indexInRange(j, nr);
                FloatVector v = FloatVector.fromArray(SPECIES, tile, r * NR + j);
                if (loadC) {
                    v = v.add(FloatVector.fromArray(SPECIES, c, cRow + j, mask));
                }
                v.intoArray(c, cRow + j, mask);
            }
        }
    }

    private static void emptyProduct(int m, int n, float[] c, int cOffset, int ldc, boolean accumulate,
                                     GemmEpilogue epilogue) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int index = cOffset + i * ldc + j;
                c[index] = epilogue.applyScalar(accumulate ? c[index] : 0f, i, j);
            }
        }
    }

    /** The plain triple loop, used when {@code lcnn.kernels.scalar=true}. */
    private static void multiplyScalar(int m, int n, int k, Operand a, Operand b, float[] c, int cOffset, int ldc,
                                       boolean accumulate, GemmEpilogue epilogue) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int index = cOffset + i * ldc + j;
                float sum = accumulate ? c[index] : 0f;
                for (int p = 0; p < k; p++) {
                    sum += element(a, i, p) * element(b, p, j);
                }
                c[index] = epilogue.applyScalar(sum, i, j);
            }
        }
    }

    /** Logical element (row, col) of an operand (for B: row = depth index, col = column). */
    private static float element(Operand operand, int row, int col) {
        PackedMatrix packed = operand.packed;
        if (packed != null) {
            return packed.side() == PackedMatrix.Side.LEFT ? packed.get(row, col) : packed.get(col, row);
        }
        return operand.transposed
            ? operand.data[operand.offset + col * operand.ld + row]
            : operand.data[operand.offset + row * operand.ld + col];
    }
}
