package io.lcnnserve.core.optimize;

import io.lcnnserve.core.graph.Graph;
import io.lcnnserve.core.graph.Node;
import io.lcnnserve.core.graph.ValueSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Removes {@code Identity} nodes and inference-time {@code Dropout} nodes whose mask is unused,
 * rewiring their consumers to the original value. A node whose output is a graph output stays,
 * so output names keep their meaning.
 */
public final class RemoveIdentities implements GraphPass {

    @Override
    public String name() {
        return "remove-identities";
    }

    @Override
    public Graph apply(Graph graph) {
        Set<String> graphOutputs = graph.outputs().stream().map(ValueSpec::name).collect(Collectors.toSet());
        Map<String, String> replacement = new HashMap<>();
        List<Node> kept = new ArrayList<>();
        for (Node node : graph.nodes()) {
            List<String> inputs = node.inputs().stream().map(in -> replacement.getOrDefault(in, in)).toList();
            if (isPassThrough(node) && !graphOutputs.contains(node.outputs().get(0))) {
                replacement.put(node.outputs().get(0), inputs.get(0));
                continue;
            }
            kept.add(inputs.equals(node.inputs()) ? node : node.withOp(node.op(), inputs, node.outputs(), node.sourceNodes()));
        }
        return graph.withNodes(kept, graph.initializers());
    }

    private static boolean isPassThrough(Node node) {
        return switch (node.opType()) {
            case "Identity" -> true;
            case "Dropout" -> node.outputs().size() == 1 || node.outputs().get(1).isEmpty();
            default -> false;
        };
    }
}
