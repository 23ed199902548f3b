package io.lcnnserve.core.ops.linear;

import static io.lcnnserve.core.ops.OpHarness.assertFloats;
import static io.lcnnserve.core.ops.OpHarness.create;
import static io.lcnnserve.core.ops.OpHarness.infer;
import static io.lcnnserve.core.ops.OpHarness.loadError;
import static io.lcnnserve.core.ops.OpHarness.run1;
import static io.lcnnserve.core.ops.OpHarness.shape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lcnnserve.core.ops.Op;
import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GemmTest {
    /** A = [[1, 2, 3], [4, 5, 6]] */
    private static final Tensor A = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
    /** B = [[1, 0], [0, 1], [1, 1]] */
    private static final Tensor B = Tensor.of(new float[] {1, 0, 0, 1, 1, 1}, 3, 2);
    /** A * B = [[4, 5], [10, 11]] */
    private static final float[] AB = {4, 5, 10, 11};

    private static Tensor transpose(Tensor m) {
        int rows = m.dim(0);
        int cols = m.dim(1);
        float[] t = new float[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = m.floats()[m.offset() + i * cols + j];
            }
        }
        return Tensor.of(t, cols, rows);
    }

    @Test
    void multipliesWithoutBiasFromOpset11() {
        assertFloats(shape(2, 2), AB, run1(create("Gemm", 13, 2, Map.of()), A, B), 0);
    }

    @Test
    void addsAFullMatrixBias() {
        Tensor c = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
        assertFloats(shape(2, 2), new float[] {5, 7, 13, 15}, run1(create("Gemm", 13, 3, Map.of()), A, B, c), 0);
    }

    @Test
    void broadcastsARowVectorBiasOverRows() {
        Tensor c = Tensor.of(new float[] {100, 200}, 2);
        assertFloats(shape(2, 2), new float[] {104, 205, 110, 211}, run1(create("Gemm", 13, 3, Map.of()), A, B, c), 0);
    }

    @Test
    void broadcastsAColumnBiasOverColumns() {
        Tensor c = Tensor.of(new float[] {100, 200}, 2, 1);
        assertFloats(shape(2, 2), new float[] {104, 105, 210, 211}, run1(create("Gemm", 13, 3, Map.of()), A, B, c), 0);
    }

    @Test
    void broadcastsAScalarAndASingleElementBias() {
        Op gemm = create("Gemm", 13, 3, Map.of());
        assertFloats(shape(2, 2), new float[] {5, 6, 11, 12}, run1(gemm, A, B, Tensor.scalar(1)), 0);
        assertFloats(shape(2, 2), new float[] {5, 6, 11, 12}, run1(gemm, A, B, Tensor.of(new float[] {1}, 1)), 0);
    }

    @Test
    void scalesTheProductByAlphaAndTheBiasByBeta() {
        Op gemm = create("Gemm", 13, 3, Map.of("alpha", 0.5f, "beta", 2f));
        Tensor c = Tensor.of(new float[] {1, 2}, 1, 2);
        assertFloats(shape(2, 2), new float[] {4, 6.5f, 7, 9.5f}, run1(gemm, A, B, c), 0);
    }

    @Test
    void transposesAWhenAsked() {
        assertFloats(shape(2, 2), AB, run1(create("Gemm", 13, 2, Map.of("transA", 1L)), transpose(A), B), 0);
    }

    @Test
    void transposesBWhenAsked() {
        assertFloats(shape(2, 2), AB, run1(create("Gemm", 13, 2, Map.of("transB", 1L)), A, transpose(B)), 0);
    }

    @Test
    void transposesBothOperands() {
        Op gemm = create("Gemm", 13, 2, Map.of("transA", 1L, "transB", 1L));
        assertFloats(shape(2, 2), AB, run1(gemm, transpose(A), transpose(B)), 0);
    }

    @Test
    void fullyConnectedLayerWithTransposedWeightsAndVectorBias() {
        // PyTorch's Linear export: x [N, in] * W^T with W [out, in], plus bias [out].
        Tensor x = Tensor.of(new float[] {1, 2}, 1, 2);
        Tensor w = Tensor.of(new float[] {1, 1, 1, -1, 0, 2}, 3, 2);
        Tensor bias = Tensor.of(new float[] {0.5f, 0, -1}, 3);
        Op gemm = create("Gemm", 13, 3, Map.of("alpha", 1f, "beta", 1f, "transB", 1L));
        assertFloats(shape(1, 3), new float[] {3.5f, -1, 3}, run1(gemm, x, w, bias), 0);
    }

    @Test
    void rejectsMismatchedInnerDimensions() {
        OpException e = assertThrows(OpException.class, () -> infer(create("Gemm", 13, 2, Map.of()), A, A));
        assertEquals("inner dimensions differ: A is [2, 3] and B is [2, 3]", e.getMessage());
    }

    @Test
    void rejectsABiasThatDoesNotBroadcastToTheOutput() {
        OpException e = assertThrows(OpException.class,
            () -> infer(create("Gemm", 13, 3, Map.of()), A, B, Tensor.zeros(DataType.FLOAT, 3)));
        assertEquals("C of shape [3] cannot be broadcast to [2, 2]", e.getMessage());
    }

    @Test
    void rejectsOperandsThatAreNotMatrices() {
        OpException e = assertThrows(OpException.class,
            () -> infer(create("Gemm", 13, 2, Map.of()), Tensor.zeros(DataType.FLOAT, 1, 2, 3), B));
        assertEquals("A must be a matrix (rank 2), got shape [1, 2, 3]", e.getMessage());
    }

    @Test
    void biasIsRequiredBeforeOpset11() {
        assertEquals("expects 3 inputs, got 2", loadError("Gemm", 9, 2, Map.of()).getMessage());
    }

    @Test
    void opset6BroadcastsTheBiasOnlyWithBroadcastOne() {
        Tensor c = Tensor.of(new float[] {100, 200}, 2);
        Op broadcasting = create("Gemm", 6, 3, Map.of("broadcast", 1L));
        assertFloats(shape(2, 2), new float[] {104, 205, 110, 211}, run1(broadcasting, A, B, c), 0);
        OpException e = assertThrows(OpException.class, () -> infer(create("Gemm", 6, 3, Map.of()), A, B, c));
        assertEquals("C of shape [2] must be [2, 2] unless broadcast=1 (opset < 7)", e.getMessage());
    }

    @Test
    void opset7AndLaterRejectTheBroadcastAttribute() {
        assertEquals("unsupported attributes [broadcast]", loadError("Gemm", 7, 3, Map.of("broadcast", 1L)).getMessage());
    }
}
