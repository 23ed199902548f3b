package io.lcnnserve.core.optimize;

import io.lcnnserve.core.graph.Graph;
import io.lcnnserve.core.graph.Node;
import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.ops.TensorInfo;
import io.lcnnserve.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates, once at load, every node whose inputs are all initializers (or results of nodes
 * folded before it) and turns its outputs into initializers: {@code Constant} nodes, weight
 * preprocessing such as {@code DequantizeLinear} of quantized weights or a {@code Transpose} of a
 * weight matrix. Later passes then see plain constant weights. A node the op rejects for these
 * inputs stays, so planning reports the error with its context.
 */
public final class FoldConstants implements GraphPass {

    @Override
    public String name() {
        return "fold-constants";
    }

    @Override
    public Graph apply(Graph graph) {
        GraphRewrite rewrite = new GraphRewrite(graph);
        Map<String, Tensor> constants = new HashMap<>(graph.initializers());
        for (Node node : graph.nodes()) {
            Tensor[] folded = evaluate(node, constants);
            if (folded == null) {
                continue;
            }
            for (int i = 0; i < folded.length; i++) {
                String name = node.outputs().get(i);
                if (!name.isEmpty()) {
                    constants.put(name, folded[i]);
                    rewrite.putInitializer(name, folded[i]);
                }
            }
            rewrite.remove(node);
        }
        return rewrite.build();
    }

    /** The node's outputs if all its inputs are known, else null. */
    private static Tensor[] evaluate(Node node, Map<String, Tensor> constants) {
        List<TensorInfo> infos = new ArrayList<>(node.inputs().size());
        Tensor[] inputs = new Tensor[node.inputs().size()];
        for (int i = 0; i < inputs.length; i++) {
            String name = node.inputs().get(i);
            if (name.isEmpty()) {
                infos.add(null);
                continue;
            }
            inputs[i] = constants.get(name);
            if (inputs[i] == null) {
                return null;
            }
            infos.add(TensorInfo.constant(inputs[i]));
        }
        try {
            List<TensorInfo> outInfos = node.op().inferOutputs(infos);
            Tensor[] outputs = new Tensor[node.outputs().size()];
            for (int i = 0; i < outputs.length; i++) {
                outputs[i] = Tensor.zeros(outInfos.get(i).type(), outInfos.get(i).shape());
            }
            node.op().eval(inputs, outputs);
            return outputs;
        } catch (OpException | IllegalArgumentException e) {
            return null;
        }
    }
}
