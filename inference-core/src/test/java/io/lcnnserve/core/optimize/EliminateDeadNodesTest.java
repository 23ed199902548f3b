package io.lcnnserve.core.optimize;

import static io.lcnnserve.core.optimize.TestGraph.opTypes;
import static org.assertj.core.api.Assertions.assertThat;

import io.lcnnserve.core.graph.Graph;
import java.util.List;
import org.junit.jupiter.api.Test;

class EliminateDeadNodesTest {
    private final EliminateDeadNodes pass = new EliminateDeadNodes();

    @Test
    void branchesThatReachNoOutputAreRemovedWithTheirWeights() {
        Graph before = new TestGraph().input("x", 2, 3).weights("used", 1, 2, 3).weights("unused", 2, 2, 3)
            .node("Add", List.of("x", "used"), "a").node("Mul", List.of("a", "unused"), "dead")
            .node("Relu", List.of("dead"), "dead2").node("Relu", List.of("a"), "y").output("y").build();

        Graph after = pass.apply(before);

        assertThat(opTypes(after)).containsExactly("Add", "Relu");
        assertThat(after.nodes().get(1).outputs()).containsExactly("y");
        assertThat(after.initializers()).containsOnlyKeys("used");
    }

    @Test
    void aNodeWithOneLiveOutputStaysWhole() {
        Graph before = new TestGraph().input("x", 6)
            .node("Split", 13, List.of("x"), List.of("p", "q"), java.util.Map.of())
            .node("Relu", List.of("q"), "y").output("y").build();

        assertThat(pass.apply(before)).isSameAs(before);
    }

    @Test
    void initializersThatAreGraphOutputsStay() {
        Graph before = new TestGraph().input("x", 2).weights("w", 1, 2).node("Relu", List.of("x"), "y")
            .output("y").output("w").build();

        assertThat(pass.apply(before).initializers()).containsOnlyKeys("w");
    }
}
