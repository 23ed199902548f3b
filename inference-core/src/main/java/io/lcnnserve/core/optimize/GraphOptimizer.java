package io.lcnnserve.core.optimize;

import io.lcnnserve.core.graph.Graph;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Runs a fixed sequence of {@link GraphPass}es. The standard sequence can be trimmed by name with
 * the system property {@value #DISABLE_PROPERTY} (comma-separated pass names), e.g.
 * {@code -Dlcnn.optimize.disable=fuse-activation,kernel-ops} to isolate a suspect pass.
 */
public final class GraphOptimizer {
    /** System property listing pass names to leave out of {@link #standard()}. */
    public static final String DISABLE_PROPERTY = "lcnn.optimize.disable";

    private final List<GraphPass> passes;

    public GraphOptimizer(List<GraphPass> passes) {
        this.passes = List.copyOf(passes);
    }

    /**
     * The passes a session runs when optimization is on, in order, minus those named in
     * {@value #DISABLE_PROPERTY}.
     */
    public static GraphOptimizer standard() {
        return allPasses().without(disabledByProperty());
    }

    /** Every standard pass, whatever the system property says. */
    public static GraphOptimizer allPasses() {
        return new GraphOptimizer(List.of(
            new RemoveIdentities(),
            new FoldConstants(),
            new FoldBatchNorm(),
            new FuseHardSwish(),
            new FuseActivation(),
            new FuseChannelShuffle(),
            new UseKernelOps(),
            new ConcatInPlace(),
            new EliminateDeadNodes()));
    }

    /**
     * This optimizer without the named passes.
     *
     * @throws IllegalArgumentException if a name is not one of its passes
     */
    public GraphOptimizer without(Set<String> names) {
        Set<String> known = passes.stream().map(GraphPass::name).collect(Collectors.toCollection(LinkedHashSet::new));
        for (String name : names) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown optimizer pass '" + name + "' (passes: "
                    + String.join(", ", known) + ")");
            }
        }
        return new GraphOptimizer(passes.stream().filter(p -> !names.contains(p.name())).toList());
    }

    private static Set<String> disabledByProperty() {
        String value = System.getProperty(DISABLE_PROPERTY, "");
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty())
            .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    public List<GraphPass> passes() {
        return passes;
    }

    /** The names of the passes, in the order they run. */
    public List<String> passNames() {
        return passes.stream().map(GraphPass::name).toList();
    }

    public Graph optimize(Graph graph) {
        Graph g = graph;
        for (GraphPass pass : passes) {
            g = pass.apply(g);
        }
        return g;
    }
}
