package io.lcnnserve.core.optimize;

import static io.lcnnserve.core.optimize.TestGraph.assertSameOutputs;
import static io.lcnnserve.core.optimize.TestGraph.histogram;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lcnnserve.core.graph.Graph;
import io.lcnnserve.core.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GraphOptimizerTest {

    /** An inverted-residual block as MobileNetV2 has it: expand, depthwise, project, each with BN, plus the skip. */
    private static Graph invertedResidual() {
        TestGraph g = new TestGraph().input("x", 3, 13, 9, 9).initializer("zero", Tensor.scalar(0f))
            .initializer("six", Tensor.scalar(6f));
        String in = "x";
        int[][] convs = {{24, 13, 1, 1}, {24, 1, 3, 3}, {13, 24, 1, 1}};
        for (int i = 0; i < convs.length; i++) {
            int channels = convs[i][0];
            String w = "w" + i;
            g.weights(w, i, convs[i]);
            Map<String, Object> attributes = i == 1
                ? Map.of("group", 24L, "pads", new long[] {1, 1, 1, 1}) : Map.of();
            g.node("Conv", List.of(in, w), "c" + i, attributes);
            g.batchNorm("c" + i, "n" + i, channels, 10 * i);
            in = "n" + i;
            if (i < 2) {
                g.node("Clip", List.of(in, "zero", "six"), "r" + i);
                in = "r" + i;
            }
        }
        g.node("Add", List.of("x", in), "sum").node("Identity", List.of("sum"), "y");
        return g.output("y").build();
    }

    @Test
    void standardPassesTurnAnInvertedResidualBlockIntoThreeFusedConvsAndAnAdd() {
        Graph before = invertedResidual();

        Graph after = GraphOptimizer.allPasses().optimize(before);

        assertThat(histogram(after)).isEqualTo(Map.of("FusedConv", 3, "FusedAdd", 1, "Identity", 1));
        assertThat(after.initializers()).hasSize(6);
        assertSameOutputs(before, after, 1);
    }

    @Test
    void passesCanBeLeftOutByName() {
        GraphOptimizer optimizer = GraphOptimizer.allPasses().without(Set.of("fuse-activation", "kernel-ops"));

        Graph after = optimizer.optimize(invertedResidual());

        assertThat(optimizer.passNames()).doesNotContain("fuse-activation", "kernel-ops").contains("fold-batch-norm");
        assertThat(histogram(after)).isEqualTo(Map.of("Conv", 3, "Clip", 2, "Add", 1, "Identity", 1));
    }

    @Test
    void theSystemPropertyDisablesPassesOfTheStandardOptimizer() {
        String previous = System.getProperty(GraphOptimizer.DISABLE_PROPERTY);
        System.setProperty(GraphOptimizer.DISABLE_PROPERTY, " fold-batch-norm ,eliminate-dead-nodes");
        try {
            assertThat(GraphOptimizer.standard().passNames()).doesNotContain("fold-batch-norm", "eliminate-dead-nodes")
                .contains("fuse-activation");
        } finally {
            if (previous == null) {
                System.clearProperty(GraphOptimizer.DISABLE_PROPERTY);
            } else {
                System.setProperty(GraphOptimizer.DISABLE_PROPERTY, previous);
            }
        }
    }

    @Test
    void anUnknownPassNameIsRejectedWithTheKnownNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> GraphOptimizer.allPasses().without(Set.of("fuse-everything")));
        assertThat(e.getMessage()).contains("unknown optimizer pass 'fuse-everything'").contains("fold-constants");
    }

    @Test
    void everyPassHasAUniqueName() {
        List<String> names = GraphOptimizer.allPasses().passNames();
        assertThat(names).doesNotHaveDuplicates().hasSize(GraphOptimizer.allPasses().passes().size());
    }
}
