package io.lcnnserve.core.ops.shape;

import static io.lcnnserve.core.ops.OpHarness.assertTensor;
import static io.lcnnserve.core.ops.OpHarness.iota;
import static io.lcnnserve.core.ops.OpHarness.shape;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lcnnserve.core.ops.Op;
import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.ops.OpHarness;
import io.lcnnserve.core.tensor.DataType;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DepthToSpaceTest {

    private static Op depthToSpace(String mode) {
        return OpHarness.create("DepthToSpace", 13, 1, 1, Map.of("blocksize", 2L, "mode", mode));
    }

    @Test
    void dcrTakesTheTilePositionFromTheOuterChannelIndex() {
        // 8 channels of 1x1: out channel c, tile (i, j) = in channel (2 i + j) * 2 + c.
        var out = OpHarness.of(depthToSpace("DCR")).input(iota(DataType.FLOAT, 1, 8, 1, 1)).runSingle();
        assertTensor(out, DataType.FLOAT, shape(1, 2, 2, 2), 0, 2, 4, 6, 1, 3, 5, 7);
    }

    @Test
    void crdTakesTheTilePositionFromTheInnerChannelIndex() {
        // out channel c, tile (i, j) = in channel 4 c + 2 i + j.
        var out = OpHarness.of(depthToSpace("CRD")).input(iota(DataType.FLOAT, 1, 8, 1, 1)).runSingle();
        assertTensor(out, DataType.FLOAT, shape(1, 2, 2, 2), 0, 1, 2, 3, 4, 5, 6, 7);
    }

    @Test
    void interleavesTilesAcrossTheWidth() {
        // 4 channels of 1x2, value = 2 * channel + w.
        var out = OpHarness.of(depthToSpace("DCR")).input(iota(DataType.FLOAT, 1, 4, 1, 2)).runSingle();
        assertTensor(out, DataType.FLOAT, shape(1, 1, 2, 4), 0, 2, 1, 3, 4, 6, 5, 7);
    }

    @Test
    void defaultsToDcrAndMovesInt64() {
        var op = OpHarness.create("DepthToSpace", 13, 1, 1, Map.of("blocksize", 2L));
        var out = OpHarness.of(op).input(iota(DataType.INT64, 1, 8, 1, 1)).runSingle();
        assertTensor(out, DataType.INT64, shape(1, 2, 2, 2), 0, 2, 4, 6, 1, 3, 5, 7);
    }

    @Test
    void rejectsChannelsNotDivisibleByTheBlockArea() {
        assertThrows(OpException.class, () -> OpHarness.of(depthToSpace("DCR")).input(iota(DataType.FLOAT, 1, 6, 1, 1)).infer());
    }

    @Test
    void rejectsUnknownModesAndBlockSizesAtLoad() {
        assertThrows(OpException.class, () -> depthToSpace("RDC"));
        assertThrows(OpException.class, () -> OpHarness.create("DepthToSpace", 13, 1, 1, Map.of("blocksize", 0L)));
        assertThrows(OpException.class, () -> OpHarness.create("DepthToSpace", 13, 1, 1, Map.of()));
    }
}
