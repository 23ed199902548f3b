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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TransposeTest {

    private static Op transpose(long... perm) {
        return OpHarness.create("Transpose", 13, 1, 1, perm.length == 0 ? Map.of() : Map.of("perm", perm));
    }

    @Test
    void reversesTheAxesByDefault() {
        var out = OpHarness.of(transpose()).input(iota(DataType.FLOAT, 2, 3)).runSingle();
        assertTensor(out, DataType.FLOAT, shape(3, 2), 0, 3, 1, 4, 2, 5);
    }

    @Test
    void rotatesThreeAxes() {
        // out[j][k][i] = in[i][j][k] = 12 i + 4 j + k
        var out = OpHarness.of(transpose(1, 2, 0)).input(iota(DataType.FLOAT, 2, 3, 4)).runSingle();
        assertTensor(out, DataType.FLOAT, shape(3, 4, 2),
            0, 12, 1, 13, 2, 14, 3, 15,
            4, 16, 5, 17, 6, 18, 7, 19,
            8, 20, 9, 21, 10, 22, 11, 23);
    }

    @Test
    void shufflesChannelGroupsKeepingPlanesContiguous() {
        // ShuffleNet's channel shuffle: [N, groups, C/groups, HW] -> [N, C/groups, groups, HW].
        var out = OpHarness.of(transpose(0, 2, 1, 3)).input(iota(DataType.FLOAT, 1, 2, 2, 2)).runSingle();
        assertTensor(out, DataType.FLOAT, shape(1, 2, 2, 2), 0, 1, 4, 5, 2, 3, 6, 7);
    }

    @Test
    void identityPermutationCopies() {
        var out = OpHarness.of(transpose(0, 1)).input(iota(DataType.INT32, 2, 2)).runSingle();
        assertTensor(out, DataType.INT32, shape(2, 2), 0, 1, 2, 3);
    }

    @Test
    void transposesAScalar() {
        var out = OpHarness.of(transpose()).input(iota(DataType.FLOAT)).runSingle();
        assertTensor(out, DataType.FLOAT, shape(), 0);
    }

    @ParameterizedTest
    @EnumSource(DataType.class)
    void movesEveryElementType(DataType type) {
        var out = OpHarness.of(transpose()).input(iota(type, 1, 2)).runSingle();
        assertTensor(out, type, shape(2, 1), 0, 1);
    }

    @Test
    void rejectsAPermThatIsNotAPermutation() {
        assertThrows(OpException.class, () -> transpose(0, 0));
        assertThrows(OpException.class, () -> transpose(0, 2));
    }

    @Test
    void rejectsAPermOfTheWrongRank() {
        var run = OpHarness.of(transpose(1, 0)).input(iota(DataType.FLOAT, 1, 2, 3));
        assertThrows(OpException.class, run::infer);
    }
}
