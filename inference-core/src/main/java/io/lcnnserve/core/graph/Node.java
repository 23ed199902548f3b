package io.lcnnserve.core.graph;

import io.lcnnserve.core.ops.Op;
import java.util.List;

/**
 * One operation in the graph. Input names may be empty strings for omitted optional inputs;
 * output names may be empty for outputs the model does not use. {@code sourceNodes} names the
 * original ONNX nodes this node stands for (more than one after fusion), for profiles and errors.
 */
public record Node(String name, String opType, int opset, List<String> inputs, List<String> outputs, Op op,
                   List<String> sourceNodes) {

    public Node {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        sourceNodes = List.copyOf(sourceNodes);
    }

    public Node(String name, String opType, int opset, List<String> inputs, List<String> outputs, Op op) {
        this(name, opType, opset, inputs, outputs, op, List.of(name));
    }

    /** "node 'conv1' (Conv, opset 13)", for error messages. */
    public String describe() {
        return describe(name, opType, opset);
    }

    public static String describe(String name, String opType, int opset) {
        return "node '" + name + "' (" + opType + ", opset " + opset + ")";
    }

    public Node withOp(Op newOp, List<String> newInputs, List<String> newOutputs, List<String> newSources) {
        return new Node(name, newOp.opType(), opset, newInputs, newOutputs, newOp, newSources);
    }
}
