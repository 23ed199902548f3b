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

class MatMulTest {
    private final Op matmul = create("MatMul", 13, 2, Map.of());

    /** [[1, 2], [3, 4]] */
    private static final Tensor M = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);

    @Test
    void multipliesTwoMatrices() {
        Tensor b = Tensor.of(new float[] {1, 0, 2, 0, 1, 3}, 2, 3);
        assertFloats(shape(2, 3), new float[] {1, 2, 8, 3, 4, 18}, run1(matmul, M, b), 0);
    }

    @Test
    void vectorTimesMatrixDropsThePromotedRowAxis() {
        assertFloats(shape(2), new float[] {7, 10}, run1(matmul, Tensor.of(new float[] {1, 2}, 2), M), 0);
    }

    @Test
    void matrixTimesVectorDropsThePromotedColumnAxis() {
        assertFloats(shape(2), new float[] {5, 11}, run1(matmul, M, Tensor.of(new float[] {1, 2}, 2)), 0);
    }

    @Test
    void vectorTimesVectorIsAScalarDotProduct() {
        Tensor y = run1(matmul, Tensor.of(new float[] {1, 2, 3}, 3), Tensor.of(new float[] {4, 5, 6}, 3));
        assertFloats(shape(), new float[] {32}, y, 0);
    }

    @Test
    void multipliesMatchingBatchesPairwise() {
        Tensor a = Tensor.of(new float[] {1, 2, 3, 4, 1, 0, 0, 1}, 2, 2, 2);
        Tensor b = Tensor.of(new float[] {1, 0, 0, 1, 5, 6, 7, 8}, 2, 2, 2);
        assertFloats(shape(2, 2, 2), new float[] {1, 2, 3, 4, 5, 6, 7, 8}, run1(matmul, a, b), 0);
    }

    @Test
    void broadcastsAMatrixAgainstABatch() {
        Tensor b = Tensor.of(new float[] {1, 0, 0, 1, 0, 1, 1, 0}, 2, 2, 2);
        assertFloats(shape(2, 2, 2), new float[] {1, 2, 3, 4, 2, 1, 4, 3}, run1(matmul, M, b), 0);
    }

    @Test
    void broadcastsBatchAxesInBothDirections() {
        // A [2, 1, 1, 2] and B [3, 2, 1]: batch [2, 1] x [3] -> [2, 3]; A[i] . B[j] = a_i . b_j
        Tensor a = Tensor.of(new float[] {1, 2, 10, 20}, 2, 1, 1, 2);
        Tensor b = Tensor.of(new float[] {1, 0, 0, 1, 1, 1}, 3, 2, 1);
        Tensor y = run1(matmul, a, b);
        assertFloats(shape(2, 3, 1, 1), new float[] {1, 2, 3, 10, 20, 30}, y, 0);
    }

    @Test
    void multipliesFourDimensionalBatches() {
        Tensor a = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 1, 2, 1, 3);
        Tensor b = Tensor.of(new float[] {1, 1, 1, 2, 2, 2}, 1, 2, 3, 1);
        assertFloats(shape(1, 2, 1, 1), new float[] {6, 30}, run1(matmul, a, b), 0);
    }

    @Test
    void rejectsMismatchedInnerDimensions() {
        OpException e = assertThrows(OpException.class,
            () -> infer(matmul, Tensor.zeros(DataType.FLOAT, 2, 3), Tensor.zeros(DataType.FLOAT, 2, 3)));
        assertEquals("inner dimensions differ: A of shape [2, 3] has 3 columns but B of shape [2, 3] has 2 rows", e.getMessage());
    }

    @Test
    void rejectsBatchAxesThatDoNotBroadcast() {
        assertThrows(OpException.class,
            () -> infer(matmul, Tensor.zeros(DataType.FLOAT, 2, 2, 2), Tensor.zeros(DataType.FLOAT, 3, 2, 2)));
    }

    @Test
    void rejectsScalarOperands() {
        assertThrows(OpException.class, () -> infer(matmul, Tensor.scalar(1), M));
    }
}
