package io.lcnnserve.core.graph;

import io.lcnnserve.core.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable computation graph: declared inputs and outputs, initializers (the weights) and
 * nodes in topological order. Optimizer passes produce new graphs; the initializer tensors are
 * shared, never copied or mutated.
 */
public final class Graph {
    private final String name;
    private final List<ValueSpec> inputs;
    private final List<ValueSpec> outputs;
    private final Map<String, Tensor> initializers;
    private final List<Node> nodes;

    public Graph(String name, List<ValueSpec> inputs, List<ValueSpec> outputs, Map<String, Tensor> initializers,
                 List<Node> nodes) {
        this.name = name;
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
        this.initializers = Collections.unmodifiableMap(new LinkedHashMap<>(initializers));
        this.nodes = List.copyOf(nodes);
    }

    public String name() {
        return name;
    }

    public List<ValueSpec> inputs() {
        return inputs;
    }

    public List<ValueSpec> outputs() {
        return outputs;
    }

    public Map<String, Tensor> initializers() {
        return initializers;
    }

    public List<Node> nodes() {
        return nodes;
    }

    public Graph withNodes(List<Node> newNodes, Map<String, Tensor> newInitializers) {
        return new Graph(name, inputs, outputs, newInitializers, newNodes);
    }

    /** Total bytes held by initializers. */
    public long weightBytes() {
        long bytes = 0;
        for (Tensor t : initializers.values()) {
            bytes += (long) t.size() * t.type().byteSize();
        }
        return bytes;
    }
}
