package io.lcnnserve.core.optimize;

import static io.lcnnserve.core.optimize.TestGraph.assertSameOutputs;
import static io.lcnnserve.core.optimize.TestGraph.opTypes;
import static org.assertj.core.api.Assertions.assertThat;

import io.lcnnserve.core.graph.Graph;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FoldBatchNormTest {
    private final FoldBatchNorm pass = new FoldBatchNorm();

    private static TestGraph withBatchNorm(TestGraph graph, String input, String output, int channels) {
        return graph.batchNorm(input, output, channels, 40);
    }

    @Test
    void convFollowedByBatchNormBecomesOneConvComputingTheSame() {
        TestGraph g = new TestGraph().input("x", 3, 13, 9, 11).weights("w", 1, 24, 13, 3, 3).weights("b", 2, 24)
            .node("Conv", List.of("x", "w", "b"), "c", Map.of("pads", new long[] {1, 0, 2, 1}, "strides", new long[] {2, 1}));
        Graph before = withBatchNorm(g, "c", "y", 24).output("y").build();

        Graph after = pass.apply(before);

        assertThat(opTypes(after)).containsExactly("Conv");
        assertThat(after.nodes().get(0).outputs()).containsExactly("y");
        assertThat(after.nodes().get(0).sourceNodes()).containsExactly("conv_0", "batchnormalization_1");
        assertSameOutputs(before, after, 7);
    }

    @Test
    void convWithoutBiasGainsTheFoldedBias() {
        TestGraph g = new TestGraph().input("x", 1, 13, 8, 8).weights("w", 1, 13, 1, 3, 3)
            .node("Conv", List.of("x", "w"), "c", Map.of("group", 13L, "pads", new long[] {1, 1, 1, 1}));
        Graph before = withBatchNorm(g, "c", "y", 13).output("y").build();

        Graph after = pass.apply(before);

        assertThat(opTypes(after)).containsExactly("Conv");
        assertThat(after.nodes().get(0).inputs()).hasSize(3);
        assertSameOutputs(before, after, 8);
    }

    @Test
    void convWhoseOutputIsAlsoReadElsewhereKeepsItsBatchNorm() {
        TestGraph g = new TestGraph().input("x", 1, 4, 5, 5).weights("w", 1, 6, 4, 1, 1).node("Conv", List.of("x", "w"), "c");
        Graph before = withBatchNorm(g, "c", "y", 6).output("y").output("c").build();

        assertThat(opTypes(pass.apply(before))).containsExactly("Conv", "BatchNormalization");
    }

    @Test
    void gemmWithTransposedWeightsFoldsPerOutputColumn() {
        TestGraph g = new TestGraph().input("x", 3, 13).weights("w", 1, 24, 13).weights("c0", 2, 24)
            .node("Gemm", List.of("x", "w", "c0"), "g", Map.of("transB", 1L, "alpha", 0.5f, "beta", 2f));
        Graph before = withBatchNorm(g, "g", "y", 24).output("y").build();

        Graph after = pass.apply(before);

        assertThat(opTypes(after)).containsExactly("Gemm");
        assertSameOutputs(before, after, 9);
    }

    @Test
    void gemmWithARowVaryingBiasKeepsItsRowsAfterFolding() {
        TestGraph g = new TestGraph().input("x", 3, 13).weights("w", 1, 13, 24).weights("c0", 2, 3, 1)
            .node("Gemm", List.of("x", "w", "c0"), "g", Map.of("beta", 0.25f));
        Graph before = withBatchNorm(g, "g", "y", 24).output("y").build();

        Graph after = pass.apply(before);

        assertThat(opTypes(after)).containsExactly("Gemm");
        assertThat(after.initializers().get(after.nodes().get(0).inputs().get(2)).shape()).containsExactly(3, 24);
        assertSameOutputs(before, after, 10);
    }

    @Test
    void batchNormAfterAnythingElseStays() {
        TestGraph g = new TestGraph().input("x", 1, 5, 4, 4).node("Relu", List.of("x"), "r");
        Graph before = withBatchNorm(g, "r", "y", 5).output("y").build();

        assertThat(pass.apply(before)).isSameAs(before);
    }
}
