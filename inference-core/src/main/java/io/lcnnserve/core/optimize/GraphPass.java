package io.lcnnserve.core.optimize;

import io.lcnnserve.core.graph.Graph;

/**
 * One graph rewrite of the optimizer. A pass returns a new graph that computes the same outputs
 * (within float rounding) and is runnable and testable on its own.
 */
public interface GraphPass {
    String name();

    Graph apply(Graph graph);
}
