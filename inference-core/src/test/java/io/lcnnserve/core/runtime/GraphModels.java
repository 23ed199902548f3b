package io.lcnnserve.core.runtime;

import io.lcnnserve.core.graph.Graph;

/** Test access to {@link Model}'s constructor, so tests can run graphs they build in memory. */
public final class GraphModels {
    private GraphModels() {
    }

    public static Model of(String name, Graph graph) {
        return new Model(name, graph);
    }
}
