package io.lcnnserve.core.kernels.gemm;

import static io.lcnnserve.core.kernels.KernelAssertions.assertClose;
import static io.lcnnserve.core.kernels.KernelAssertions.randomArray;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lcnnserve.core.kernels.Activation;
import io.lcnnserve.core.kernels.parallel.Parallel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SgemmTest {

    private static final int[] SIZES = {1, 7, 13, 24, 33, 130};
    private static final float TOLERANCE = 2e-5f;
    private static final Parallel TWO_THREADS = Parallel.fixedThreads(2);

    @AfterAll
    static void closePool() {
        TWO_THREADS.close();
    }

    static List<Arguments> shapes() {
        List<Arguments> shapes = new ArrayList<>();
        for (int m : SIZES) {
            for (int n : SIZES) {
                for (int k : SIZES) {
                    shapes.add(Arguments.of(m, n, k));
                }
            }
        }
        return shapes;
    }

    /** The reference: C = epilogue(A·B (+ C)), A [m,k] and B [k,n] dense row-major, double accumulation. */
    static float[] naive(int m, int n, int k, float[] a, float[] b, float[] c0, GemmEpilogue epilogue) {
        float[] c = new float[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = c0 == null ? 0 : c0[i * n + j];
                for (int p = 0; p < k; p++) {
                    sum += (double) a[i * k + p] * b[p * n + j];
                }
                c[i * n + j] = epilogue.applyScalar((float) sum, i, j);
            }
        }
        return c;
    }

    private static float[] transpose(float[] x, int rows, int cols) {
        float[] t = new float[x.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = x[i * cols + j];
            }
        }
        return t;
    }

    @ParameterizedTest(name = "m={0} n={1} k={2}")
    @MethodSource("shapes")
    void unpackedOperandsMatchNaiveProductOnOneAndTwoThreads(int m, int n, int k) {
        float[] a = randomArray(m * k, 1);
        float[] b = randomArray(k * n, 2);
        float[] expected = naive(m, n, k, a, b, null, GemmEpilogue.none());
        for (Parallel parallel : List.of(Parallel.sequential(), TWO_THREADS)) {
            float[] c = new float[m * n];
            Sgemm.multiply(m, n, k, a, 0, k, false, b, 0, n, false, c, 0, n, false, GemmEpilogue.none(), parallel);
            assertClose("C with " + parallel, expected, c, TOLERANCE);
        }
    }

    @ParameterizedTest(name = "m={0} n={1} k={2}")
    @MethodSource("shapes")
    void prePackedWeightsOnEitherSideMatchNaiveProduct(int m, int n, int k) {
        float[] a = randomArray(m * k, 3);
        float[] b = randomArray(k * n, 4);
        float[] expected = naive(m, n, k, a, b, null, GemmEpilogue.none());
        PackedMatrix packedA = PackedMatrix.packLeft(m, k, a, 0, k, false);
        PackedMatrix packedB = PackedMatrix.packRight(k, n, b, 0, n, false);
        for (Parallel parallel : List.of(Parallel.sequential(), TWO_THREADS)) {
            float[] c = new float[m * n];
            Sgemm.multiply(packedA, n, b, 0, n, false, c, 0, n, false, GemmEpilogue.none(), parallel);
            assertClose("packed A with " + parallel, expected, c, TOLERANCE);
            float[] c2 = new float[m * n];
            Sgemm.multiply(m, a, 0, k, false, packedB, c2, 0, n, false, GemmEpilogue.none(), parallel);
            assertClose("packed B with " + parallel, expected, c2, TOLERANCE);
        }
    }

    /** A fully-connected layer at batch 1 to 8: deeper than one K block, read in a single pass. */
    @ParameterizedTest(name = "m={0}")
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 3, 8, 9})
    void fewRowsOverManyKBlocksMatchNaiveProductWithEveryOperandForm(int m) {
        int k = 1280;
        int n = 75;
        float[] a = randomArray(m * k, 5);
        float[] b = randomArray(k * n, 6);
        GemmEpilogue epilogue = GemmEpilogue.columnBias(randomArray(n, 7), 0, io.lcnnserve.core.kernels.Activation.relu());
        float[] expected = naive(m, n, k, a, b, null, epilogue);
        PackedMatrix packedB = PackedMatrix.packRight(k, n, b, 0, n, false);
        for (Parallel parallel : List.of(Parallel.sequential(), TWO_THREADS)) {
            float[] packed = new float[m * n];
            Sgemm.multiply(m, a, 0, k, false, packedB, packed, 0, n, false, epilogue, parallel);
            assertClose("packed B with " + parallel, expected, packed, TOLERANCE);
            float[] inPlace = new float[m * n];
            Sgemm.multiply(m, n, k, a, 0, k, false, b, 0, n, false, inPlace, 0, n, false, epilogue, parallel);
            assertClose("B in place with " + parallel, expected, inPlace, TOLERANCE);
            float[] transposed = new float[m * n];
            Sgemm.multiply(m, n, k, a, 0, k, false, transpose(b, k, n), 0, k, true, transposed, 0, n, false, epilogue,
                parallel);
            assertClose("B transposed with " + parallel, expected, transposed, TOLERANCE);
        }
    }

    @Test
    void transposedOperandsAreReadAsTheirTransposes() {
        for (int m : SIZES) {
            for (int n : new int[] {7, 33}) {
                for (int k : new int[] {13, 130}) {
                    float[] a = randomArray(m * k, 5);
                    float[] b = randomArray(k * n, 6);
                    float[] expected = naive(m, n, k, a, b, null, GemmEpilogue.none());
                    float[] at = transpose(a, m, k);
                    float[] bt = transpose(b, k, n);
                    float[] c = new float[m * n];
                    Sgemm.multiply(m, n, k, at, 0, m, true, bt, 0, k, true, c, 0, n, false, GemmEpilogue.none(), TWO_THREADS);
                    assertClose("A^T B^T m=" + m + " n=" + n + " k=" + k, expected, c, TOLERANCE);
                    PackedMatrix pa = PackedMatrix.packLeft(m, k, at, 0, m, true);
                    PackedMatrix pb = PackedMatrix.packRight(k, n, bt, 0, k, true);
                    float[] c2 = new float[m * n];
                    Sgemm.multiply(pa, n, b, 0, n, false, c2, 0, n, false, GemmEpilogue.none(), Parallel.sequential());
                    assertClose("packed A^T", expected, c2, TOLERANCE);
                    float[] c3 = new float[m * n];
                    Sgemm.multiply(m, a, 0, k, false, pb, c3, 0, n, false, GemmEpilogue.none(), Parallel.sequential());
                    assertClose("packed B^T", expected, c3, TOLERANCE);
                }
            }
        }
    }

    static List<Arguments> epilogues() {
        float[] bias = randomArray(200, 7);
        List<Arguments> cases = new ArrayList<>();
        List<Activation> activations = List.of(Activation.none(), Activation.relu(), Activation.relu6(),
            Activation.clip(-0.25f, 0.5f), Activation.leakyRelu(0.1f), Activation.hardSwish(),
            Activation.hardSigmoid(0.2f, 0.5f), Activation.sigmoid(), Activation.swish());
        for (Activation activation : activations) {
            cases.add(Arguments.of(GemmEpilogue.of(activation)));
            cases.add(Arguments.of(GemmEpilogue.rowBias(bias, 3, activation)));
            cases.add(Arguments.of(GemmEpilogue.columnBias(bias, 5, activation)));
        }
        return cases;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("epilogues")
    void fusedEpilogueEqualsBiasThenActivationOnOddShapes(GemmEpilogue epilogue) {
        int[][] shapes = {{13, 33, 7}, {24, 130, 24}, {7, 1, 33}, {33, 13, 300}, {130, 24, 13}};
        for (int[] shape : shapes) {
            int m = shape[0];
            int n = shape[1];
            int k = shape[2];
            float[] a = randomArray(m * k, 8);
            float[] b = randomArray(k * n, 9);
            float[] expected = naive(m, n, k, a, b, null, epilogue);
            PackedMatrix packedA = PackedMatrix.packLeft(m, k, a, 0, k, false);
            for (Parallel parallel : List.of(Parallel.sequential(), TWO_THREADS)) {
                float[] c = new float[m * n];
                Sgemm.multiply(packedA, n, b, 0, n, false, c, 0, n, false, epilogue, parallel);
                assertClose(Arrays.toString(shape) + " " + parallel, expected, c, TOLERANCE);
            }
        }
    }

    @Test
    void accumulateAddsToExistingOutputBeforeTheEpilogueAcrossSeveralDepthBlocks() {
        int m = 33;
        int n = 70;
        int k = Sgemm.KC * 2 + 5;
        float[] a = randomArray(m * k, 10);
        float[] b = randomArray(k * n, 11);
        float[] c0 = randomArray(m * n, 12);
        float[] bias = randomArray(m, 13);
        GemmEpilogue epilogue = GemmEpilogue.rowBias(bias, 0, Activation.relu());
        float[] expected = naive(m, n, k, a, b, c0, epilogue);
        float[] c = c0.clone();
        Sgemm.multiply(m, n, k, a, 0, k, false, b, 0, n, false, c, 0, n, true, epilogue, TWO_THREADS);
        assertClose("accumulated C", expected, c, 1e-4f);
    }

    @Test
    void stridedSubMatricesWithOffsetsLeaveTheRestOfCUntouched() {
        int m = 13;
        int n = 33;
        int k = 24;
        int lda = k + 3;
        int ldb = n + 5;
        int ldc = n + 7;
        float[] aBig = randomArray(2 + m * lda, 14);
        float[] bBig = randomArray(4 + k * ldb, 15);
        float[] a = new float[m * k];
        float[] b = new float[k * n];
        for (int i = 0; i < m; i++) {
            System.arraycopy(aBig, 2 + i * lda, a, i * k, k);
        }
        for (int p = 0; p < k; p++) {
            System.arraycopy(bBig, 4 + p * ldb, b, p * n, n);
        }
        float[] expected = naive(m, n, k, a, b, null, GemmEpilogue.none());
        float[] c = new float[6 + m * ldc];
        Arrays.fill(c, 42f);
        Sgemm.multiply(m, n, k, aBig, 2, lda, false, bBig, 4, ldb, false, c, 6, ldc, false, GemmEpilogue.none(), TWO_THREADS);
        for (int i = 0; i < m; i++) {
            assertClose("row " + i, expected, i * n, c, 6 + i * ldc, n, TOLERANCE);
            for (int j = n; j < ldc && 6 + i * ldc + j < c.length; j++) {
                assertEquals(42f, c[6 + i * ldc + j], "padding column " + j + " of row " + i);
            }
        }
        assertEquals(42f, c[5], "element before C");
    }

    @Test
    void largeBlockedProductMatchesNaiveProduct() {
        int m = 300;
        int n = Sgemm.NC + 37;
        int k = 600;
        float[] a = randomArray(m * k, 16);
        float[] b = randomArray(k * n, 17);
        float[] expected = naive(m, n, k, a, b, null, GemmEpilogue.none());
        float[] c = new float[m * n];
        Sgemm.multiply(m, n, k, a, 0, k, false, b, 0, n, false, c, 0, n, false, GemmEpilogue.none(), TWO_THREADS);
        assertClose("C", expected, c, 1e-4f);
    }

    @Test
    void zeroDepthGivesTheEpilogueOfZero() {
        float[] c = new float[6];
        float[] bias = {1f, -2f};
        Sgemm.multiply(2, 3, 0, new float[0], 0, 0, false, new float[0], 0, 3, false, c, 0, 3, false,
            GemmEpilogue.rowBias(bias, 0, Activation.relu()), Parallel.sequential());
        assertEquals(List.of(1f, 1f, 1f, 0f, 0f, 0f), asList(c));
    }

    @Test
    void packedOperandOnTheWrongSideIsRejected() {
        PackedMatrix right = PackedMatrix.packRight(4, 4, new float[16], 0, 4, false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
            Sgemm.multiply(right, 4, new float[16], 0, 4, false, new float[16], 0, 4, false,
                GemmEpilogue.none(), Parallel.sequential()));
        assertEquals("expected a LEFT packed operand, got PackedMatrix[RIGHT, 4x4]", e.getMessage());
    }

    private static List<Float> asList(float[] values) {
        List<Float> list = new ArrayList<>();
        for (float v : values) {
            list.add(v);
        }
        return list;
    }
}
