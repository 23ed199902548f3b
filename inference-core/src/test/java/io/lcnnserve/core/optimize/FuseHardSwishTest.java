package io.lcnnserve.core.optimize;

import static io.lcnnserve.core.optimize.TestGraph.assertSameOutputs;
import static io.lcnnserve.core.optimize.TestGraph.opTypes;
import static org.assertj.core.api.Assertions.assertThat;

import io.lcnnserve.core.graph.Graph;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FuseHardSwishTest {
    private final FuseHardSwish pass = new FuseHardSwish();

    private static Graph gate(float alpha, boolean gateFirst) {
        return new TestGraph().input("x", 3, 13, 5, 5)
            .node("HardSigmoid", List.of("x"), "h", Map.of("alpha", alpha, "beta", 0.5f))
            .node("Mul", gateFirst ? List.of("h", "x") : List.of("x", "h"), "y").output("y").build();
    }

    @Test
    void mulOfInputAndItsHardSigmoidBecomesHardSwish() {
        Graph before = gate(1f / 6f, false);

        Graph after = pass.apply(before);

        assertThat(opTypes(after)).containsExactly("HardSwish");
        assertThat(after.nodes().get(0).inputs()).containsExactly("x");
        assertThat(after.nodes().get(0).outputs()).containsExactly("y");
        assertSameOutputs(before, after, 1);
    }

    @Test
    void operandOrderDoesNotMatter() {
        Graph before = gate(0.16666667f, true);

        Graph after = pass.apply(before);

        assertThat(opTypes(after)).containsExactly("HardSwish");
        assertSameOutputs(before, after, 2);
    }

    @Test
    void otherHardSigmoidSlopesAreLeftAlone() {
        assertThat(opTypes(pass.apply(gate(0.2f, false)))).containsExactly("HardSigmoid", "Mul");
    }

    @Test
    void gateReadByAnotherNodeIsLeftAlone() {
        Graph before = new TestGraph().input("x", 2, 4)
            .node("HardSigmoid", List.of("x"), "h", Map.of("alpha", 1f / 6f, "beta", 0.5f))
            .node("Mul", List.of("x", "h"), "y").output("y").output("h").build();

        assertThat(opTypes(pass.apply(before))).containsExactly("HardSigmoid", "Mul");
    }

    @Test
    void hardSwishOfAConvThenFusesIntoTheConv() {
        Graph before = new TestGraph().input("x", 1, 13, 6, 6).weights("w", 1, 24, 13, 1, 1)
            .node("Conv", List.of("x", "w"), "c")
            .node("HardSigmoid", List.of("c"), "h", Map.of("alpha", 1f / 6f, "beta", 0.5f))
            .node("Mul", List.of("c", "h"), "y").output("y").build();

        Graph after = new FuseActivation().apply(pass.apply(before));

        assertThat(opTypes(after)).containsExactly("FusedConv");
        assertSameOutputs(before, after, 3);
    }
}
