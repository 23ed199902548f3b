package io.lcnnserve.core.ops.shape;

import static io.lcnnserve.core.ops.OpHarness.assertTensor;
import static io.lcnnserve.core.ops.OpHarness.iota;
import static io.lcnnserve.core.ops.OpHarness.shape;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.ops.OpHarness;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlattenTest {

    private static int[] flattened(Map<String, Object> attributes, int... input) {
        var op = OpHarness.create("Flatten", 13, 1, 1, attributes);
        return OpHarness.of(op).input(Tensor.zeros(DataType.FLOAT, input)).infer().getFirst().shape();
    }

    @Test
    void defaultAxisKeepsTheBatchDim() {
        assertArrayEquals(shape(2, 12), flattened(Map.of(), 2, 3, 4));
    }

    @Test
    void axisZeroPutsEverythingInOneRow() {
        assertArrayEquals(shape(1, 24), flattened(Map.of("axis", 0L), 2, 3, 4));
    }

    @Test
    void axisEqualToTheRankPutsEverythingInOneColumn() {
        assertArrayEquals(shape(24, 1), flattened(Map.of("axis", 3L), 2, 3, 4));
    }

    @Test
    void negativeAxisCountsFromTheEnd() {
        assertArrayEquals(shape(6, 4), flattened(Map.of("axis", -1L), 2, 3, 4));
        assertArrayEquals(shape(1, 24), flattened(Map.of("axis", -3L), 2, 3, 4));
    }

    @Test
    void keepsTheElements() {
        var op = OpHarness.create("Flatten", 13, 1, 1, Map.of());
        var out = OpHarness.of(op).input(iota(DataType.UINT8, 2, 1, 2)).runSingle();
        assertTensor(out, DataType.UINT8, shape(2, 2), 0, 1, 2, 3);
    }

    @Test
    void rejectsAnAxisPastTheRank() {
        assertThrows(OpException.class, () -> flattened(Map.of("axis", 4L), 2, 3, 4));
        assertThrows(OpException.class, () -> flattened(Map.of("axis", -4L), 2, 3, 4));
    }
}
