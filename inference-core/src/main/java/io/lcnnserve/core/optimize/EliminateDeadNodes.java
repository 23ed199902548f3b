package io.lcnnserve.core.optimize;

import io.lcnnserve.core.graph.Graph;
import io.lcnnserve.core.graph.Node;
import io.lcnnserve.core.graph.ValueSpec;
import io.lcnnserve.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Removes nodes none of whose outputs reach a graph output, and initializers nothing reads
 * (such as the quantized weights left behind by constant folding, or BatchNorm parameters after
 * folding), so they hold no memory.
 */
public final class EliminateDeadNodes implements GraphPass {

    @Override
    public String name() {
        return "eliminate-dead-nodes";
    }

    @Override
    public Graph apply(Graph graph) {
        Set<String> live = new HashSet<>();
        graph.outputs().stream().map(ValueSpec::name).forEach(live::add);
        List<Node> kept = new ArrayList<>();
        List<Node> nodes = graph.nodes();
        for (int i = nodes.size() - 1; i >= 0; i--) {
            Node node = nodes.get(i);
            if (node.outputs().stream().anyMatch(live::contains)) {
                kept.add(node);
                node.inputs().stream().filter(in -> !in.isEmpty()).forEach(live::add);
            }
        }
        Collections.reverse(kept);
        Map<String, Tensor> initializers = new LinkedHashMap<>();
        graph.initializers().forEach((name, value) -> {
            if (live.contains(name)) {
                initializers.put(name, value);
            }
        });
        if (kept.size() == nodes.size() && initializers.size() == graph.initializers().size()) {
            return graph;
        }
        return graph.withNodes(kept, initializers);
    }
}
