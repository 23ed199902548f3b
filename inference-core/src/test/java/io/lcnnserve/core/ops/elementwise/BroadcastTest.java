package io.lcnnserve.core.ops.elementwise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lcnnserve.core.ops.OpException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
}
