package io.lcnnserve.core.ops.shape;

import static io.lcnnserve.core.ops.OpHarness.assertTensor;
import static io.lcnnserve.core.ops.OpHarness.iota;
import static io.lcnnserve.core.ops.OpHarness.shape;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lcnnserve.core.ops.Op;
import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.ops.OpHarness;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpaceToDepthTest {

    private static final Op SPACE_TO_DEPTH = OpHarness.create("SpaceToDepth", 13, 1, 1, Map.of("blocksize", 2L));

    @Test
    void stacksTilePositionsOuterAndChannelsInner() {
        // Two 2x2 channels: out channel (2 i + j) * 2 + c = in[c][i][j].
        var out = OpHarness.of(SPACE_TO_DEPTH).input(iota(DataType.FLOAT, 1, 2, 2, 2)).runSingle();
        assertTensor(out, DataType.FLOAT, shape(1, 8, 1, 1), 0, 4, 1, 5, 2, 6, 3, 7);
    }

    @Test
    void keepsTilesOfALargerPlaneTogether() {
        // One 2x4 channel: out channel 2 i + j holds in[i][2 w + j] for w = 0, 1.
        var out = OpHarness.of(SPACE_TO_DEPTH).input(iota(DataType.INT8, 1, 1, 2, 4)).runSingle();
        assertTensor(out, DataType.INT8, shape(1, 4, 1, 2), 0, 2, 1, 3, 4, 6, 5, 7);
    }

    @Test
    void isUndoneByDepthToSpaceInDcrMode() {
        Tensor input = iota(DataType.FLOAT, 2, 3, 4, 6);
        Tensor packed = OpHarness.of(SPACE_TO_DEPTH).input(input).runSingle();
        Op depthToSpace = OpHarness.create("DepthToSpace", 13, 1, 1, Map.of("blocksize", 2L, "mode", "DCR"));
        Tensor unpacked = OpHarness.of(depthToSpace).input(packed).runSingle();
        assertArrayEquals(input.shape(), unpacked.shape());
        assertArrayEquals(input.floats(), unpacked.floats());
    }

    @Test
    void rejectsPlanesNotDivisibleByTheBlockSize() {
        assertThrows(OpException.class, () -> OpHarness.of(SPACE_TO_DEPTH).input(iota(DataType.FLOAT, 1, 1, 3, 2)).infer());
    }
}
