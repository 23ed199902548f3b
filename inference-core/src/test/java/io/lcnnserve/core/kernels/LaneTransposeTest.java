package io.lcnnserve.core.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

class LaneTransposeTest {

    @Test
    void transposesA16By16TileReadFromScatteredRows() {
        assumeTrue(LaneTranspose.AVAILABLE, "needs 16-float vectors");
        int stride = 37;
        float[] source = new float[5 + 16 * stride];
        int[] rows = new int[16];
        for (int r = 0; r < 16; r++) {
            rows[r] = r * stride;
            for (int c = 0; c < 16; c++) {
                source[5 + r * stride + c] = r * 100 + c;
            }
        }
        float[] tile = new float[LaneTranspose.TILE_FLOATS];
        LaneTranspose.transpose(source, 5, rows, tile);
        for (int j = 0; j < 16; j++) {
            for (int i = 0; i < 16; i++) {
                assertEquals(i * 100 + j, tile[j * 16 + i], "tile row " + j + " column " + i);
            }
        }
    }

    @Test
    void copiesTheFirstRowsCutToTheFirstColumns() {
        assumeTrue(LaneTranspose.AVAILABLE, "needs 16-float vectors");
        float[] tile = new float[LaneTranspose.TILE_FLOATS];
        for (int i = 0; i < tile.length; i++) {
            tile[i] = i;
        }
        float[] dst = new float[100];
        java.util.Arrays.fill(dst, -1f);
        int[] rows = {0, 0, 50, 20};
        LaneTranspose.copyRows(tile, dst, 3, rows, 2, 2, 5);
        for (int c = 0; c < 5; c++) {
            assertEquals(c, dst[53 + c]);
            assertEquals(16 + c, dst[23 + c]);
        }
        assertEquals(-1f, dst[58]);
        assertEquals(-1f, dst[28]);
        assertEquals(-1f, dst[52]);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0} x {1}")
    @org.junit.jupiter.params.provider.CsvSource({"49, 1280", "49, 13", "16, 16", "1, 40", "33, 47"})
    void transposesWholeMatricesWithPartialEdgeTilesLeavingTheRestOfTheDestination(int rows, int cols) {
        assumeTrue(LaneTranspose.AVAILABLE, "needs 16-float vectors");
        int ldSrc = cols + 3;
        int paddedRows = (rows + 15) / 16 * 16;
        float[] source = new float[7 + paddedRows * ldSrc + 16];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                source[7 + r * ldSrc + c] = r * 10_000 + c;
            }
        }
        int ldDst = rows + 2;
        float[] dst = new float[5 + cols * ldDst];
        java.util.Arrays.fill(dst, -1f);
        LaneTranspose.transposeMatrix(source, 7, rows, cols, ldSrc, dst, 5, ldDst);
        for (int c = 0; c < cols; c++) {
            for (int r = 0; r < ldDst; r++) {
                float expected = r < rows ? r * 10_000 + c : -1f;
                assertEquals(expected, dst[5 + c * ldDst + r], "destination row " + c + " column " + r);
            }
        }
    }
}
