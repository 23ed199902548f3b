package io.lcnnserve.core.ops.spatial;

import static io.lcnnserve.core.ops.spatial.SpatialTesting.shape;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lcnnserve.core.ops.OpException;
import org.junit.jupiter.api.Test;

class WindowGeometryTest {
    private static final int P = WindowGeometry.PADDING;

    /** 3x4 input, 2x2 kernel, stride (2, 1), dilation (1, 2), pads begin (1, 1), end (0, 1): output 2x3. */
    private static final WindowGeometry GEOMETRY = new WindowGeometry(shape(3, 4), shape(2, 3), shape(2, 2), shape(2, 1),
        shape(1, 2), shape(1, 1), shape(0, 1));

    @Test
    void tapsAreRowMajorInputIndicesOrPadding() {
        int[] taps = new int[4];
        GEOMETRY.windowTaps(0, taps);
        // rows -1, 0 and columns -1, 1
        assertArrayEquals(new int[] {P, P, P, 1}, taps);
        GEOMETRY.windowTaps(5, taps);
        // output (1, 2): rows 1, 2 and columns 1, 3
        assertArrayEquals(new int[] {5, 7, 9, 11}, taps);
    }

    @Test
    void tapCoordinatesMayLieInThePadding() {
        assertEquals(-1, GEOMETRY.tapCoordinate(0, 0, 0));
        assertEquals(1, GEOMETRY.tapCoordinate(0, 1, 1));
        assertEquals(2, GEOMETRY.tapCoordinate(5, 3, 0));
        assertEquals(3, GEOMETRY.tapCoordinate(5, 3, 1));
    }

    @Test
    void tapsWithinPaddingCountPaddingButNotBeyondIt() {
        // output (0, 0): rows -1 (padding), 0; columns -1 (padding), 1 — all four within the padded input.
        assertEquals(4, GEOMETRY.tapsWithinPadding(0));
        WindowGeometry overhanging = new WindowGeometry(shape(5), shape(3), shape(3), shape(2), shape(1), shape(0),
            shape(1));
        // window 2 covers 4, 5 (end padding) and 6 (beyond it)
        assertEquals(2, overhanging.tapsWithinPadding(2));
    }

    @Test
    void everyWindowReadsInputUnlessDilationSkipsIt() {
        assertDoesNotThrow(GEOMETRY::requireInputInEveryWindow);
        WindowGeometry skipping = new WindowGeometry(shape(2), shape(1), shape(2), shape(1), shape(3), shape(1), shape(1));
        assertThrows(OpException.class, skipping::requireInputInEveryWindow);
    }

    @Test
    void sizesAreProductsOverTheSpatialAxes() {
        assertEquals(12, GEOMETRY.inputSize());
        assertEquals(6, GEOMETRY.outputSize());
        assertEquals(4, GEOMETRY.kernelSize());
    }
}
