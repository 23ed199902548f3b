package io.lcnnserve.core.optimize;

import io.lcnnserve.core.graph.Node;
import io.lcnnserve.core.ops.Attributes;
import io.lcnnserve.core.ops.NodeSpec;
import io.lcnnserve.core.ops.Op;
import io.lcnnserve.core.ops.OpRegistry;
import java.util.List;
import java.util.Map;

/** Builds standard ONNX ops for nodes a pass creates, through the same factories the importer uses. */
final class ReferenceOps {
    private ReferenceOps() {
    }

    /** A new node running ONNX {@code opType} at {@code opset} with the given attributes. */
    static Node node(String name, String opType, int opset, Map<String, Object> attributes, List<String> inputs,
                     List<String> outputs, List<String> sourceNodes) {
        Op op = OpRegistry.standard().find(opType)
            .create(new NodeSpec(name, opType, opset, new Attributes(attributes), inputs.size(), outputs.size()));
        return new Node(name, opType, opset, inputs, outputs, op, sourceNodes);
    }
}
