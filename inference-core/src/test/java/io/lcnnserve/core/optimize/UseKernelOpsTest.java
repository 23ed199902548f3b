package io.lcnnserve.core.optimize;

import static io.lcnnserve.core.optimize.TestGraph.assertSameOutputs;
import static io.lcnnserve.core.optimize.TestGraph.opTypes;
import static org.assertj.core.api.Assertions.assertThat;

import io.lcnnserve.core.graph.Graph;
import io.lcnnserve.core.kernels.Activation;
import io.lcnnserve.core.ops.conv.FusedConv;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UseKernelOpsTest {
    private final UseKernelOps pass = new UseKernelOps();

    @Test
    void convGemmAndAddMoveToTheirKernelOpsWithoutActivation() {
        Graph before = new TestGraph().input("x", 3, 13, 7, 7).weights("w", 1, 24, 13, 3, 3).weights("b", 2, 24)
            .weights("fc", 3, 24 * 5 * 5, 10).weights("bias", 4, 10)
            .node("Conv", List.of("x", "w", "b"), "c").node("Add", List.of("c", "c"), "a")
            .node("Flatten", List.of("a"), "f").node("Gemm", List.of("f", "fc", "bias"), "y").output("y").build();

        Graph after = pass.apply(before);

        assertThat(opTypes(after)).containsExactly("FusedConv", "FusedAdd", "Flatten", "FusedGemm");
        assertThat(((FusedConv) after.nodes().get(0).op()).activation()).isEqualTo(Activation.none());
        assertSameOutputs(before, after, 1);
    }

    @Test
    void depthwiseConvUsesTheDepthwiseKernel() {
        Graph before = new TestGraph().input("x", 2, 24, 9, 9).weights("w", 1, 24, 1, 3, 3)
            .node("Conv", List.of("x", "w"), "y", Map.of("group", 24L, "strides", new long[] {2, 2},
                "pads", new long[] {1, 1, 1, 1}))
            .output("y").build();

        Graph after = pass.apply(before);

        assertThat(((FusedConv) after.nodes().get(0).op()).depthwise()).isTrue();
        assertSameOutputs(before, after, 2);
    }

    @Test
    void convWithRunTimeWeightsOrOneSpatialAxisKeepsTheReferenceOp() {
        Graph before = new TestGraph().input("x", 1, 4, 6, 6).input("w", 8, 4, 3, 3).input("s", 1, 4, 10)
            .weights("w1", 1, 8, 4, 3)
            .node("Conv", List.of("x", "w"), "y").node("Conv", List.of("s", "w1"), "z").output("y").output("z").build();

        assertThat(opTypes(pass.apply(before))).containsExactly("Conv", "Conv");
    }

    @Test
    void maxPoolMovesToTheVectorKernelAndAnUnusedIndicesOutputIsDropped() {
        Graph before = new TestGraph().input("x", 2, 13, 11, 11)
            .node("MaxPool", 12, List.of("x"), List.of("p", ""), Map.of("kernel_shape", new long[] {3, 3},
                "strides", new long[] {2, 2}))
            .node("GlobalAveragePool", 1, List.of("p"), List.of("y"), Map.of()).output("y").build();

        Graph after = pass.apply(before);

        assertThat(opTypes(after)).containsExactly("VectorMaxPool", "GlobalAveragePool");
        assertThat(after.nodes().get(0).outputs()).containsExactly("p");
        assertSameOutputs(before, after, 3);
    }

    @Test
    void maxPoolWhoseIndicesAreReadKeepsTheReferenceOp() {
        Graph before = new TestGraph().input("x", 1, 3, 6, 6)
            .node("MaxPool", 12, List.of("x"), List.of("y", "i"), Map.of("kernel_shape", new long[] {2, 2}))
            .node("Identity", List.of("i"), "j").output("y").build();

        assertThat(opTypes(pass.apply(before))).containsExactly("MaxPool", "Identity");
    }

    @Test
    void aConvAfterAGlobalPoolIsPackedForOneByOnePlanes() {
        Graph before = new TestGraph().input("x", 1, 24, 7, 7).weights("w", 1, 13, 24, 1, 1).weights("b", 2, 13)
            .node("GlobalAveragePool", 1, List.of("x"), List.of("p"), Map.of())
            .node("Conv", List.of("p", "w", "b"), "y").output("y").build();

        Graph after = pass.apply(before);

        assertThat(((FusedConv) after.nodes().get(1).op()).packedForSmallPlanes()).isTrue();
        assertSameOutputs(before, after, 4);
    }
}
