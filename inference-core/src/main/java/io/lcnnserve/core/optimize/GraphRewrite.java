package io.lcnnserve.core.optimize;

import io.lcnnserve.core.graph.Graph;
import io.lcnnserve.core.graph.Node;
import io.lcnnserve.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects a pass's edits to a graph and builds the new graph. A replacement node takes the place
 * of the first node of the pattern it replaces: its inputs are that node's inputs (or constants),
 * and every reader of its outputs comes after the pattern's last node, so the order stays
 * topological.
 */
final class GraphRewrite {
    private final Graph graph;
    private final Map<Node, Node> replacements = new IdentityHashMap<>();
    private final Map<Node, Boolean> removed = new IdentityHashMap<>();
    private final Map<String, Tensor> initializers;
    private int nameCounter;

    GraphRewrite(Graph graph) {
        this.graph = graph;
        this.initializers = new LinkedHashMap<>(graph.initializers());
    }

    /** True once a node has been replaced or removed by this rewrite. */
    boolean touched(Node node) {
        return replacements.containsKey(node) || removed.containsKey(node);
    }

    /** Replaces {@code pattern} (in graph order, first node first) by {@code replacement}. */
    void replace(List<Node> pattern, Node replacement) {
        for (Node node : pattern) {
            if (touched(node)) {
                throw new IllegalStateException(node.describe() + " is already part of another rewrite");
            }
        }
        replacements.put(pattern.get(0), replacement);
        for (int i = 1; i < pattern.size(); i++) {
            removed.put(pattern.get(i), Boolean.TRUE);
        }
    }

    void replace(Node node, Node replacement) {
        replace(List.of(node), replacement);
    }

    void remove(Node node) {
        if (touched(node)) {
            throw new IllegalStateException(node.describe() + " is already part of another rewrite");
        }
        removed.put(node, Boolean.TRUE);
    }

    /** Adds a new initializer under a fresh name derived from {@code base}; returns the name. */
    String addInitializer(String base, Tensor value) {
        String name = base;
        while (initializers.containsKey(name) || isValueName(name)) {
            name = base + "_" + (++nameCounter);
        }
        initializers.put(name, value);
        return name;
    }

    /** Makes a node's output an initializer (constant folding). */
    void putInitializer(String name, Tensor value) {
        initializers.put(name, value);
    }

    private boolean isValueName(String name) {
        for (Node node : graph.nodes()) {
            if (node.outputs().contains(name)) {
                return true;
            }
        }
        return graph.inputs().stream().anyMatch(v -> v.name().equals(name));
    }

    /** The rewritten graph, or the original if nothing changed. */
    Graph build() {
        if (replacements.isEmpty() && removed.isEmpty() && initializers.equals(graph.initializers())) {
            return graph;
        }
        List<Node> nodes = new ArrayList<>(graph.nodes().size());
        for (Node node : graph.nodes()) {
            if (removed.containsKey(node)) {
                continue;
            }
            nodes.add(replacements.getOrDefault(node, node));
        }
        return graph.withNodes(nodes, initializers);
    }
}
