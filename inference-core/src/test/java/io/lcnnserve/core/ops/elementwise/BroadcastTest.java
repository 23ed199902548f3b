package io.lcnnserve.core.ops.elementwise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.tensor.Shapes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BroadcastTest {

    /** Records each visited row as "outStart:[starts]:[steps]:length". */
    private static List<String> rows(int[] outShape, int[]... inputs) {
        List<String> rows = new ArrayList<>();
        Broadcast.forEachRow(outShape, inputs, (o, s, st, n) ->
            rows.add(o + ":" + Arrays.toString(s) + ":" + Arrays.toString(st) + ":" + n));
        return rows;
    }

    @Test
    void multidirectionalShapeRightAlignsAndStretchesOnes() {
        assertArrayEquals(new int[] {2, 3, 4}, Broadcast.multidirectional(new int[] {3, 1}, new int[] {2, 1, 4}));
        assertArrayEquals(new int[] {5}, Broadcast.multidirectional(new int[0], new int[] {5}));
        assertArrayEquals(new int[] {0, 3}, Broadcast.multidirectional(new int[] {0, 1}, new int[] {3}));
    }

    @Test
    void multidirectionalShapeErrorNamesEveryShape() {
        OpException e = assertThrows(OpException.class,
            () -> Broadcast.multidirectional(new int[] {2, 3}, new int[] {1}, new int[] {4}));
        assertEquals("input shapes [2, 3], [1], [4] cannot be broadcast together", e.getMessage());
    }

    @Test
    void unidirectionalAcceptsOnesAndMatchingTrailingDims() {
        Broadcast.requireUnidirectional(new int[] {3, 1, 1}, new int[] {2, 3, 4, 5}, "slope");
        Broadcast.requireUnidirectional(new int[0], new int[] {2, 3}, "C");
        OpException e = assertThrows(OpException.class,
            () -> Broadcast.requireUnidirectional(new int[] {3}, new int[] {2, 3, 4, 5}, "slope"));
        assertEquals("slope of shape [3] cannot be broadcast to [2, 3, 4, 5]", e.getMessage());
        assertThrows(OpException.class, () -> Broadcast.requireUnidirectional(new int[] {1, 4}, new int[] {4}, "C"));
    }

    @Test
    void sameShapeInputsAreWalkedAsOneContiguousRow() {
        assertEquals(List.of("0:[0, 0]:[1, 1]:24"), rows(new int[] {2, 3, 4}, new int[] {2, 3, 4}, new int[] {2, 3, 4}));
    }

    @Test
    void broadcastAxisRestartsTheBroadcastInputOnEveryRow() {
        // [2, 3] + [3]: B's row restarts at 0 for each row of A.
        assertEquals(List.of("0:[0, 0]:[1, 1]:3", "3:[3, 0]:[1, 1]:3"),
            rows(new int[] {2, 3}, new int[] {2, 3}, new int[] {3}));
    }

    @Test
    void broadcastLastAxisHasStepZero() {
        // [2, 3] + [2, 1]: B repeats one element along each row.
        assertEquals(List.of("0:[0, 0]:[1, 0]:3", "3:[3, 1]:[1, 0]:3"),
            rows(new int[] {2, 3}, new int[] {2, 3}, new int[] {2, 1}));
    }

    @Test
    void channelBiasMergesSpatialAxesIntoOneRowPerChannel() {
        // [1, 2, 2, 2] + [2, 1, 1]: H and W merge; the bias element changes once per channel.
        assertEquals(List.of("0:[0, 0]:[1, 0]:4", "4:[4, 1]:[1, 0]:4"),
            rows(new int[] {1, 2, 2, 2}, new int[] {1, 2, 2, 2}, new int[] {2, 1, 1}));
    }

    @Test
    void scalarOutputIsOneRowOfOneElement() {
        assertEquals(List.of("0:[0]:[0]:1"), rows(new int[0], new int[0]));
    }

    @Test
    void emptyOutputVisitsNothing() {
        assertTrue(rows(new int[] {0, 3}, new int[] {0, 3}, new int[] {3}).isEmpty());
        assertTrue(rows(new int[] {3, 0}, new int[] {3, 0}).isEmpty());
    }

    @Test
    void rowWalkAgreesWithPerElementIndexingOnRandomShapes() {
        Random random = new Random(42);
        for (int trial = 0; trial < 500; trial++) {
            int[] out = new int[random.nextInt(5)];
            for (int d = 0; d < out.length; d++) {
                out[d] = 1 + random.nextInt(3);
            }
            int[][] inputs = {randomBroadcastable(out, random), randomBroadcastable(out, random), randomBroadcastable(out, random)};
            int size = Shapes.elementCount(out);
            int[][] visited = new int[inputs.length][size];
            int[] hits = new int[size];
            Broadcast.forEachRow(out, inputs, (o, s, st, n) -> {
                for (int i = 0; i < n; i++) {
                    hits[o + i]++;
                    for (int k = 0; k < inputs.length; k++) {
                        visited[k][o + i] = s[k] + i * st[k];
                    }
                }
            });
            for (int flat = 0; flat < size; flat++) {
                assertEquals(1, hits[flat], "output element " + flat + " of " + Arrays.toString(out));
                for (int k = 0; k < inputs.length; k++) {
                    assertEquals(naiveIndex(flat, out, inputs[k]), visited[k][flat],
                        "input " + Arrays.toString(inputs[k]) + " at output element " + flat + " of " + Arrays.toString(out));
                }
            }
        }
    }

    /** A shape that broadcasts to {@code out}: a random suffix of it with some dims replaced by 1. */
    private static int[] randomBroadcastable(int[] out, Random random) {
        int rank = random.nextInt(out.length + 1);
        int[] shape = Arrays.copyOfRange(out, out.length - rank, out.length);
        for (int d = 0; d < rank; d++) {
            if (random.nextInt(3) == 0) {
                shape[d] = 1;
            }
        }
        return shape;
    }

    /** The flat index of {@code input}'s element read at output element {@code flat}, by the numpy rule. */
    private static int naiveIndex(int flat, int[] out, int[] input) {
        int[] outStrides = Shapes.strides(out);
        int[] inStrides = Shapes.strides(input);
        int index = 0;
        for (int d = 0; d < out.length; d++) {
            int coordinate = flat / outStrides[d] % out[d];
            int inAxis = d - (out.length - input.length);
            if (inAxis >= 0 && input[inAxis] != 1) {
                index += coordinate * inStrides[inAxis];
            }
        }
        return index;
    }
}
