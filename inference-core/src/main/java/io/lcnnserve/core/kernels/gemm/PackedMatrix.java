package io.lcnnserve.core.kernels.gemm;

/**
 * A GEMM operand repacked once into the panel layout the micro-kernel streams, typically a model's
 * weights, shared read-only by every session and thread.
 *
 * <p>Layout. {@link Side#LEFT} holds A [rows=M, depth=K] as {@code ceil(M/MR)} panels of
 * {@code K x MR} floats: panel {@code p}, depth {@code k}, row {@code r} is at
 * {@code p*K*MR + k*MR + r} (so one k step reads MR consecutive row values to broadcast).
 * {@link Side#RIGHT} holds B [depth=K, cols=N] as {@code ceil(N/NR)} panels of {@code K x NR}:
 * {@code p*K*NR + k*NR + c} (one k step reads NR consecutive columns as vectors). Rows/columns past
 * the matrix end are zero, so edge tiles need no special loads.
 */
public final class PackedMatrix {

    /** Which GEMM operand this is. */
    public enum Side {
        /** A, the left operand, packed in MR-row panels. */
        LEFT,
        /** B, the right operand, packed in NR-column panels. */
        RIGHT
    }

    private final Side side;
    private final int outer;
    private final int depth;
    private final int panelWidth;
    private final float[] data;

    private PackedMatrix(Side side, int outer, int depth, int panelWidth, float[] data) {
        this.side = side;
        this.outer = outer;
        this.depth = depth;
        this.panelWidth = panelWidth;
        this.data = data;
    }

    /**
     * Packs A [m, k] as a left operand. Element (i, kk) is {@code a[offset + i*lda + kk]}, or
     * {@code a[offset + kk*lda + i]} when {@code transposed} (A stored as [k, m]).
     */
    public static PackedMatrix packLeft(int m, int k, float[] a, int offset, int lda, boolean transposed) {
        checkDims(m, k);
        int mr = Sgemm.MR;
        float[] data = new float[Math.multiplyExact(panels(m, mr) * mr, k)];
        Packing.packLeft(a, offset, lda, transposed, 0, m, 0, k, data, 0);
        return new PackedMatrix(Side.LEFT, m, k, mr, data);
    }

    /**
     * Packs B [k, n] as a right operand. Element (kk, j) is {@code b[offset + kk*ldb + j]}, or
     * {@code b[offset + j*ldb + kk]} when {@code transposed} (B stored as [n, k], e.g. ONNX Gemm's
     * transB weights).
     */
    public static PackedMatrix packRight(int k, int n, float[] b, int offset, int ldb, boolean transposed) {
        checkDims(n, k);
        int nr = Sgemm.NR;
        float[] data = new float[Math.multiplyExact(panels(n, nr) * nr, k)];
        Packing.packRight(b, offset, ldb, transposed, 0, k, 0, n, data, 0);
        return new PackedMatrix(Side.RIGHT, n, k, nr, data);
    }

    private static void checkDims(int outer, int depth) {
        if (outer < 1 || depth < 1) {
            throw new IllegalArgumentException("matrix dimensions must be positive, got " + outer + " x " + depth);
        }
    }

    static int panels(int size, int width) {
        return (size + width - 1) / width;
    }

    public Side side() {
        return side;
    }

    /** M for a left operand, N for a right operand. */
    public int outer() {
        return outer;
    }

    /** K, the shared (reduction) dimension. */
    public int depth() {
        return depth;
    }

    float[] data() {
        return data;
    }

    int panelWidth() {
        return panelWidth;
    }

    /** Floats between the starts of consecutive panels. */
    int panelStride() {
        return depth * panelWidth;
    }

    /** Element (outer index, depth index), i.e. A[i, k] or B[k, j] with i/j = {@code outerIndex}. */
    public float get(int outerIndex, int depthIndex) {
        int panel = outerIndex / panelWidth;
        return data[panel * panelStride() + depthIndex * panelWidth + outerIndex % panelWidth];
    }

    /** Bytes held, for memory accounting. */
    public long sizeInBytes() {
        return 4L * data.length;
    }

    @Override
    public String toString() {
        return "PackedMatrix[" + side + ", " + (side == Side.LEFT ? outer + "x" + depth : depth + "x" + outer) + "]";
    }
}
