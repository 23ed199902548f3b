package io.lcnnserve.core.optimize;

import static io.lcnnserve.core.optimize.TestGraph.assertSameOutputs;
import static io.lcnnserve.core.optimize.TestGraph.opTypes;
import static org.assertj.core.api.Assertions.assertThat;

import io.lcnnserve.core.graph.Graph;
import io.lcnnserve.core.ops.shape.ChannelShuffle;
import io.lcnnserve.core.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FuseChannelShuffleTest {
    private final FuseChannelShuffle pass = new FuseChannelShuffle();

    /** x [batch, 24, 5, 7] shuffled in {@code groups} groups the way exporters write it, read by a Relu. */
    private static TestGraph shuffle(int batch, int groups, long batchEntry, long[] perm) {
        return new TestGraph().input("x", batch, 24, 5, 7)
            .initializer("shape1", Tensor.ofLongs(new long[] {batchEntry, groups, 24 / groups, 5, 7}, 5))
            .initializer("shape2", Tensor.ofLongs(new long[] {0, -1, 5, 7}, 4))
            .node("Reshape", List.of("x", "shape1"), "grouped")
            .node("Transpose", List.of("grouped"), "swapped", Map.of("perm", perm))
            .node("Reshape", List.of("swapped", "shape2"), "shuffled")
            .node("Relu", List.of("shuffled"), "y");
    }

    private static final long[] SWAP = {0, 2, 1, 3, 4};

    @Test
    void reshapeTransposeReshapeBecomesOneChannelShuffle() {
        Graph before = shuffle(3, 2, 0, SWAP).output("y").build();

        Graph after = pass.apply(before);

        assertThat(opTypes(after)).containsExactly("ChannelShuffle", "Relu");
        assertThat(((ChannelShuffle) after.nodes().get(0).op()).groups()).isEqualTo(2);
        assertThat(after.nodes().get(0).sourceNodes()).hasSize(3);
        assertSameOutputs(before, after, 1);
    }

    @Test
    void anInferredBatchEntryAndMoreGroupsShuffleTheSame() {
        Graph before = shuffle(2, 3, -1, SWAP).output("y").build();

        Graph after = pass.apply(before);

        assertThat(opTypes(after)).containsExactly("ChannelShuffle", "Relu");
        assertSameOutputs(before, after, 2);
    }

    @Test
    void anotherPermutationIsLeftAlone() {
        Graph before = shuffle(1, 2, 0, new long[] {0, 1, 2, 4, 3}).output("y").build();

        assertThat(opTypes(pass.apply(before))).containsExactly("Reshape", "Transpose", "Reshape", "Relu");
    }

    @Test
    void anIntermediateReadElsewhereIsLeftAlone() {
        Graph before = shuffle(1, 2, 0, SWAP).node("Sigmoid", List.of("swapped"), "s").output("y").output("s").build();

        assertThat(opTypes(pass.apply(before))).containsExactly("Reshape", "Transpose", "Reshape", "Relu", "Sigmoid");
    }
}
