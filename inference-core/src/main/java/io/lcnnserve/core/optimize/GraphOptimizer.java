package io.lcnnserve.core.optimize;

import io.lcnnserve.core.graph.Graph;
import java.util.List;

/** Runs a fixed sequence of {@link GraphPass}es. */
public final class GraphOptimizer {
    private final List<GraphPass> passes;

    public GraphOptimizer(List<GraphPass> passes) {
        this.passes = List.copyOf(passes);
    }

    /** The passes a session runs when optimization is on. */
    public static GraphOptimizer standard() {
        return new GraphOptimizer(List.of(new RemoveIdentities()));
    }

    public List<GraphPass> passes() {
        return passes;
    }

    public Graph optimize(Graph graph) {
        Graph g = graph;
        for (GraphPass pass : passes) {
            g = pass.apply(g);
        }
        return g;
    }
}
