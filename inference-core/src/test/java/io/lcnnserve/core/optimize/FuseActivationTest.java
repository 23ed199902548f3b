package io.lcnnserve.core.optimize;

import static io.lcnnserve.core.optimize.TestGraph.assertSameOutputs;
import static io.lcnnserve.core.optimize.TestGraph.opTypes;
import static org.assertj.core.api.Assertions.assertThat;

import io.lcnnserve.core.graph.Graph;
import io.lcnnserve.core.kernels.Activation;
import io.lcnnserve.core.ops.conv.FusedConv;
import io.lcnnserve.core.ops.elementwise.FusedAdd;
import io.lcnnserve.core.ops.linear.FusedGemm;
import io.lcnnserve.core.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FuseActivationTest {
    private final FuseActivation pass = new FuseActivation();

    /** A conv on odd shapes (13 -> 24 channels, batch 3, asymmetric pads, stride 2) feeding "c". */
    private static TestGraph conv() {
        return new TestGraph().input("x", 3, 13, 9, 11).weights("w", 1, 24, 13, 3, 3).weights("b", 2, 24)
            .node("Conv", List.of("x", "w", "b"), "c", Map.of("pads", new long[] {0, 1, 2, 1}, "strides", new long[] {2, 2}));
    }

    /** Each activation node type applied to "c", giving "y", and the kernel activation it becomes. */
    static Stream<Arguments> activations() {
        return Stream.of(
            Arguments.of("Relu", (UnaryOperator<TestGraph>) g -> g.node("Relu", List.of("c"), "y"), Activation.Kind.RELU),
            Arguments.of("Clip", (UnaryOperator<TestGraph>) g -> g.initializer("lo", Tensor.scalar(-0.5f))
                .initializer("hi", Tensor.scalar(0.75f)).node("Clip", List.of("c", "lo", "hi"), "y"), Activation.Kind.CLIP),
            Arguments.of("Clip opset 6 (attributes)", (UnaryOperator<TestGraph>) g -> g.node("Clip", 6, List.of("c"),
                List.of("y"), Map.of("min", 0f, "max", 6f)), Activation.Kind.CLIP),
            Arguments.of("Clip without min", (UnaryOperator<TestGraph>) g -> g.initializer("hi", Tensor.scalar(0.5f))
                .node("Clip", List.of("c", "", "hi"), "y"), Activation.Kind.CLIP),
            Arguments.of("LeakyRelu", (UnaryOperator<TestGraph>) g -> g.node("LeakyRelu", List.of("c"), "y",
                Map.of("alpha", 0.1f)), Activation.Kind.LEAKY_RELU),
            Arguments.of("HardSigmoid", (UnaryOperator<TestGraph>) g -> g.node("HardSigmoid", List.of("c"), "y",
                Map.of("alpha", 0.3f, "beta", 0.4f)), Activation.Kind.HARD_SIGMOID),
            Arguments.of("HardSwish", (UnaryOperator<TestGraph>) g -> g.node("HardSwish", 14, List.of("c"), List.of("y"),
                Map.of()), Activation.Kind.HARD_SWISH),
            Arguments.of("Sigmoid", (UnaryOperator<TestGraph>) g -> g.node("Sigmoid", List.of("c"), "y"),
                Activation.Kind.SIGMOID),
            Arguments.of("x * Sigmoid(x)", (UnaryOperator<TestGraph>) g -> g.node("Sigmoid", List.of("c"), "s")
                .node("Mul", List.of("c", "s"), "y"), Activation.Kind.SWISH),
            Arguments.of("Sigmoid(x) * x", (UnaryOperator<TestGraph>) g -> g.node("Sigmoid", List.of("c"), "s")
                .node("Mul", List.of("s", "c"), "y"), Activation.Kind.SWISH));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("activations")
    void convFollowedByAnActivationBecomesOneFusedConv(String name, UnaryOperator<TestGraph> activation,
                                                        Activation.Kind kind) {
        Graph before = activation.apply(conv()).output("y").build();

        Graph after = pass.apply(before);

        assertThat(opTypes(after)).containsExactly("FusedConv");
        assertThat(((FusedConv) after.nodes().get(0).op()).activation().kind()).isEqualTo(kind);
        assertThat(after.nodes().get(0).outputs()).containsExactly("y");
        assertThat(after.nodes().get(0).sourceNodes()).hasSize(before.nodes().size());
        assertSameOutputs(before, after, 3);
    }

    @Test
    void gemmFollowedByReluBecomesOneFusedGemm() {
        Graph before = new TestGraph().input("x", 3, 13).weights("w", 1, 24, 13).weights("b", 2, 24)
            .node("Gemm", List.of("x", "w", "b"), "c", Map.of("transB", 1L, "alpha", 1.5f))
            .node("Relu", List.of("c"), "y").output("y").build();

        Graph after = pass.apply(before);

        assertThat(opTypes(after)).containsExactly("FusedGemm");
        assertThat(((FusedGemm) after.nodes().get(0).op()).activation()).isEqualTo(Activation.relu());
        assertSameOutputs(before, after, 4);
    }

    @Test
    void residualAddFollowedByClipBecomesOneFusedAdd() {
        Graph before = new TestGraph().input("a", 3, 24, 5, 7).input("b", 3, 24, 5, 7)
            .initializer("lo", Tensor.scalar(0f)).initializer("hi", Tensor.scalar(0.5f))
            .node("Add", List.of("a", "b"), "c").node("Clip", List.of("c", "lo", "hi"), "y").output("y").build();

        Graph after = pass.apply(before);

        assertThat(opTypes(after)).containsExactly("FusedAdd");
        assertThat(((FusedAdd) after.nodes().get(0).op()).activation()).isEqualTo(Activation.clip(0f, 0.5f));
        assertSameOutputs(before, after, 5);
    }

    @Test
    void broadcastingAddStillFusesAndComputesTheSame() {
        Graph before = new TestGraph().input("a", 3, 24, 5, 7).input("b", 1, 24, 1, 1)
            .node("Add", List.of("a", "b"), "c").node("Relu", List.of("c"), "y").output("y").build();

        Graph after = pass.apply(before);

        assertThat(opTypes(after)).containsExactly("FusedAdd");
        assertSameOutputs(before, after, 6);
    }

    @Test
    void activationIsNotFusedWhenThePreActivationValueIsAlsoAGraphOutput() {
        Graph before = conv().node("Relu", List.of("c"), "y").output("y").output("c").build();

        assertThat(opTypes(pass.apply(before))).containsExactly("Conv", "Relu");
    }

    @Test
    void activationIsNotFusedWhenAnotherNodeReadsThePreActivationValue() {
        Graph before = conv().node("Relu", List.of("c"), "r").node("Add", List.of("r", "c"), "y").output("y").build();

        assertThat(opTypes(pass.apply(before))).containsExactly("Conv", "Relu", "Add");
    }

    @Test
    void clipWithABoundComputedAtRunTimeIsNotFused() {
        Graph before = conv().input("hi", new int[0]).node("Clip", List.of("c", "", "hi"), "y").output("y").build();

        assertThat(opTypes(pass.apply(before))).containsExactly("Conv", "Clip");
    }

    @Test
    void convWithWeightsComputedAtRunTimeIsNotFused() {
        Graph before = new TestGraph().input("x", 1, 4, 6, 6).input("w", 8, 4, 3, 3)
            .node("Conv", List.of("x", "w"), "c").node("Relu", List.of("c"), "y").output("y").build();

        assertThat(opTypes(pass.apply(before))).containsExactly("Conv", "Relu");
    }

    @Test
    void aFusedNodeIsNotFusedTwice() {
        Graph before = conv().node("Relu", List.of("c"), "r").node("Sigmoid", List.of("r"), "y").output("y").build();

        Graph once = pass.apply(before);
        Graph twice = pass.apply(once);

        assertThat(opTypes(twice)).containsExactly("FusedConv", "Sigmoid");
        assertSameOutputs(before, twice, 11);
    }
}
