package io.lcnnserve.core.optimize;

import io.lcnnserve.core.graph.Graph;
import io.lcnnserve.core.graph.Node;
import io.lcnnserve.core.graph.ValueSpec;
import io.lcnnserve.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who produces and who reads each value of a graph, for the passes' pattern matching. A snapshot:
 * passes that rewrite the graph build a new one for the next graph.
 */
final class ValueUses {
    private final Graph graph;
    private final Map<String, Node> producers = new HashMap<>();
    private final Map<String, List<Node>> consumers = new HashMap<>();
    private final Set<String> graphOutputs = new HashSet<>();
    private StaticShapes staticShapes;

    private ValueUses(Graph graph) {
        this.graph = graph;
        for (Node node : graph.nodes()) {
            for (String out : node.outputs()) {
                if (!out.isEmpty()) {
                    producers.put(out, node);
                }
            }
            for (String in : node.inputs()) {
                if (!in.isEmpty()) {
                    consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(node);
                }
            }
        }
        for (ValueSpec out : graph.outputs()) {
            graphOutputs.add(out.name());
        }
    }

    static ValueUses of(Graph graph) {
        return new ValueUses(graph);
    }

    /** The node computing {@code value}, or null for graph inputs and initializers. */
    Node producer(String value) {
        return producers.get(value);
    }

    /** The nodes reading {@code value}, once per input position that names it. */
    List<Node> consumers(String value) {
        return consumers.getOrDefault(value, List.of());
    }

    boolean isGraphOutput(String value) {
        return graphOutputs.contains(value);
    }

    /**
     * True when {@code consumer} is the only reader of {@code value} (through one input) and the
     * value is not a graph output, so a rewrite that no longer materialises it loses nothing.
     */
    boolean onlyFeeds(String value, Node consumer) {
        List<Node> readers = consumers(value);
        return !isGraphOutput(value) && readers.size() == 1 && readers.get(0) == consumer;
    }

    /** The sole reader of {@code value} if it has exactly one and is not a graph output, else null. */
    Node soleConsumer(String value) {
        List<Node> readers = consumers(value);
        return !isGraphOutput(value) && readers.size() == 1 ? readers.get(0) : null;
    }

    /** The value's shape at batch 1 if the graph's input shapes fix it (see {@link StaticShapes}), else null. */
    int[] staticShape(String value) {
        if (staticShapes == null) {
            staticShapes = StaticShapes.of(graph);
        }
        return staticShapes.shape(value);
    }

    /** The initializer named {@code value}, or null if it is computed or a graph input. */
    Tensor constant(String value) {
        return value.isEmpty() ? null : graph.initializers().get(value);
    }

    /** Input {@code index} of {@code node} as an initializer, or null if absent, omitted or computed. */
    Tensor constantInput(Node node, int index) {
        return index < node.inputs().size() ? constant(node.inputs().get(index)) : null;
    }
}
