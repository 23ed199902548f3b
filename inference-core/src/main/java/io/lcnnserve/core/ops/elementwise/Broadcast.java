package io.lcnnserve.core.ops.elementwise;

import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.tensor.Shapes;
import java.util.Arrays;

/**
 * Numpy broadcasting, shared by every op that combines tensors of different shapes: the
 * arithmetic ops (multidirectional), PRelu's slope and Gemm's bias (unidirectional) and
 * MatMul's batch dimensions.
 *
 * <p>{@link #forEachRow} walks an output shape one row at a time along its last axis, handing
 * the visitor where each input's row starts and its element step (0 along a broadcast axis),
 * so the caller's inner loop is a plain strided loop. Adjacent axes that every input traverses
 * contiguously are merged first, so same-shape inputs become a single row.
 */
public final class Broadcast {
    private Broadcast() {
    }

    /** Receives one output row: element indices are relative to each tensor's first element. */
    @FunctionalInterface
    public interface RowVisitor {
        void row(int outStart, int[] inputStarts, int[] inputSteps, int length);
    }

    /** The shape all {@code shapes} broadcast to (multidirectional); throws naming every shape if incompatible. */
    public static int[] multidirectional(int[]... shapes) {
        int[] result = new int[0];
        for (int[] shape : shapes) {
            try {
                result = Shapes.broadcast(result, shape);
            } catch (IllegalArgumentException e) {
                throw new OpException("input shapes " + describe(shapes) + " cannot be broadcast together");
            }
        }
        return result;
    }

    /**
     * Checks that {@code source} broadcasts to {@code target} without changing it
     * (unidirectional broadcasting): right-aligned, every source dim equals the target's or is 1.
     */
    public static void requireUnidirectional(int[] source, int[] target, String what) {
        boolean fits = source.length <= target.length;
        for (int i = 1; fits && i <= source.length; i++) {
            int s = source[source.length - i];
            fits = s == 1 || s == target[target.length - i];
        }
        if (!fits) {
            throw new OpException(what + " of shape " + Arrays.toString(source)
                + " cannot be broadcast to " + Arrays.toString(target));
        }
    }

    /**
     * Calls {@code visitor} for every row of {@code outShape}, with each input (right-aligned and
     * broadcast against {@code outShape}) positioned at the matching elements. Visits nothing
     * when the output is empty; a scalar output is one row of length 1.
     */
    public static void forEachRow(int[] outShape, int[][] inputShapes, RowVisitor visitor) {
        int inputs = inputShapes.length;
        int[][] strides = new int[inputs][];
        for (int k = 0; k < inputs; k++) {
            strides[k] = Shapes.broadcastStrides(inputShapes[k], outShape);
        }
        int[] dims = mergeContiguousAxes(outShape, strides);
        int rank = dims.length;
        int rowLength = dims[rank - 1];
        int rows = Shapes.elementCount(dims) / Math.max(rowLength, 1);
        if (rowLength == 0) {
            return;
        }
        int[] steps = new int[inputs];
        int[] starts = new int[inputs];
        for (int k = 0; k < inputs; k++) {
            steps[k] = strides[k][rank - 1];
        }
        int[] index = new int[rank];
        for (int row = 0; row < rows; row++) {
            visitor.row(row * rowLength, starts, steps, rowLength);
            for (int d = rank - 2; d >= 0; d--) {
                index[d]++;
                if (index[d] < dims[d]) {
                    for (int k = 0; k < inputs; k++) {
                        starts[k] += strides[k][d];
                    }
                    break;
                }
                index[d] = 0;
                for (int k = 0; k < inputs; k++) {
                    starts[k] -= strides[k][d] * (dims[d] - 1);
                }
            }
        }
    }

    /**
     * Merges axis d into axis d+1 wherever every input steps through both contiguously (or
     * broadcasts along both). Rewrites {@code strides} in place and returns the merged output
     * dims, always at least one axis.
     */
    private static int[] mergeContiguousAxes(int[] outShape, int[][] strides) {
        int rank = outShape.length;
        if (rank == 0) {
            for (int k = 0; k < strides.length; k++) {
                strides[k] = new int[] {0};
            }
            return new int[] {1};
        }
        int[] dims = new int[rank];
        int[][] merged = new int[strides.length][rank];
        int count = 0;
        for (int d = 0; d < rank; d++) {
            if (count > 0 && contiguous(strides, d - 1, outShape[d])) {
                dims[count - 1] *= outShape[d];
                for (int k = 0; k < strides.length; k++) {
                    merged[k][count - 1] = strides[k][d];
                }
            } else {
                dims[count] = outShape[d];
                for (int k = 0; k < strides.length; k++) {
                    merged[k][count] = strides[k][d];
                }
                count++;
            }
        }
        for (int k = 0; k < strides.length; k++) {
            strides[k] = Arrays.copyOf(merged[k], count);
        }
        return Arrays.copyOf(dims, count);
    }

    private static boolean contiguous(int[][] strides, int outer, int innerSize) {
        for (int[] s : strides) {
            if (s[outer] != s[outer + 1] * innerSize) {
                return false;
            }
        }
        return true;
    }

    private static String describe(int[][] shapes) {
        StringBuilder sb = new StringBuilder();
        for (int[] shape : shapes) {
            sb.append(sb.isEmpty() ? "" : ", ").append(Arrays.toString(shape));
        }
        return sb.toString();
    }
}
