package io.lcnnserve.core.testing;

import io.lcnnserve.core.onnx.proto.OnnxProto.GraphProto;
import io.lcnnserve.core.onnx.proto.OnnxProto.ModelProto;
import io.lcnnserve.core.onnx.proto.OnnxProto.NodeProto;
import io.lcnnserve.core.onnx.proto.OnnxProto.OperatorSetIdProto;
import io.lcnnserve.core.onnx.proto.OnnxProto.ValueInfoProto;
import io.lcnnserve.core.tensor.Tensor;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs a graph that is still being built, on a fixed calibration batch, so that its parameters can
 * be chosen from the activations they will see. Asking for a value runs (in ONNX Runtime) only the
 * nodes added since the last run, fed with the values computed before; every computed value is kept
 * until the probe is dropped.
 */
final class ActivationProbe {
    private final OnnxBuilder graph;
    private final Map<String, Tensor> values = new HashMap<>();
    private int executedNodes;

    ActivationProbe(OnnxBuilder graph, Map<String, Tensor> inputs) {
        this.graph = graph;
        values.putAll(inputs);
    }

    /** The value called {@code name} on the calibration batch. */
    Tensor value(String name) {
        if (!values.containsKey(name)) {
            runPendingNodes();
        }
        Tensor t = values.get(name);
        if (t == null) {
            throw new IllegalArgumentException("value '" + name + "' is not produced by any node of graph " + graph.name());
        }
        return t;
    }

    /** Records a new calibration value for {@code name}, after its producer's parameters were changed. */
    void update(String name, Tensor value) {
        if (!values.containsKey(name)) {
            throw new IllegalArgumentException("value '" + name + "' has not been computed yet");
        }
        values.put(name, value);
    }

    private void runPendingNodes() {
        List<NodeProto> pending = graph.nodes().subList(executedNodes, graph.nodes().size());
        if (pending.isEmpty()) {
            return;
        }
        Set<String> produced = new LinkedHashSet<>();
        Set<String> initializers = new LinkedHashSet<>();
        Map<String, Tensor> feeds = new HashMap<>();
        for (NodeProto node : pending) {
            for (String in : node.getInputList()) {
                if (in.isEmpty() || produced.contains(in)) {
                    continue;
                }
                if (graph.isInitializer(in)) {
                    initializers.add(in);
                } else if (values.containsKey(in)) {
                    feeds.put(in, values.get(in));
                } else {
                    throw new IllegalStateException("node '" + node.getName() + "' reads '" + in + "', which is neither computed nor an initializer");
                }
            }
            node.getOutputList().stream().filter(o -> !o.isEmpty()).forEach(produced::add);
        }
        GraphProto.Builder sub = GraphProto.newBuilder().setName(graph.name() + "_calibration").addAllNode(pending);
        initializers.forEach(name -> sub.addInitializer(graph.initializer(name)));
        feeds.forEach((name, t) -> sub.addInput(
            OnnxBuilder.valueInfo(name, t.type(), Arrays.stream(t.shape()).boxed().toArray())));
        // Output types are left for ONNX Runtime to infer.
        produced.forEach(name -> sub.addOutput(ValueInfoProto.newBuilder().setName(name)));
        ModelProto model = ModelProto.newBuilder().setIrVersion(8)
            .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(graph.opset()))
            .setGraph(sub).build();
        try (OrtOracle ort = OrtOracle.open(model.toByteArray(), OrtOracle.Options.defaults().with(OrtOracle.Optimization.NONE))) {
            values.putAll(ort.run(feeds));
        }
        executedNodes += pending.size();
    }
}
