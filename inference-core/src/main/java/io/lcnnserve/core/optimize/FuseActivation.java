package io.lcnnserve.core.optimize;

import io.lcnnserve.core.graph.Graph;
import io.lcnnserve.core.graph.Node;
import io.lcnnserve.core.kernels.Activation;
import io.lcnnserve.core.ops.Op;
import java.util.ArrayList;
import java.util.List;

/**
 * Folds an element-wise activation into the Conv, Gemm, Add or Mul that produces its input, giving a
 * kernel op that applies it while storing each output: Relu, Clip with constant bounds (ReLU6),
 * LeakyRelu, HardSigmoid, HardSwish, Sigmoid, and swish written as {@code Mul(x, Sigmoid(x))}.
 * Only when nothing else reads the pre-activation value (the fused op no longer produces it).
 */
public final class FuseActivation implements GraphPass {

    @Override
    public String name() {
        return "fuse-activation";
    }

    @Override
    public Graph apply(Graph graph) {
        ValueUses uses = ValueUses.of(graph);
        GraphRewrite rewrite = new GraphRewrite(graph);
        for (Node producer : graph.nodes()) {
            if (producer.outputs().size() != 1 || rewrite.touched(producer)) {
                continue;
            }
            String value = producer.outputs().get(0);
            if (uses.isGraphOutput(value)) {
                continue;
            }
            List<Node> readers = uses.consumers(value);
            if (readers.size() == 1) {
                fuseActivation(producer, readers.get(0), uses, rewrite);
            } else if (readers.size() == 2) {
                fuseSwish(producer, readers, uses, rewrite);
            }
        }
        return rewrite.build();
    }

    private static void fuseActivation(Node producer, Node reader, ValueUses uses, GraphRewrite rewrite) {
        Activation activation = ActivationNodes.of(reader, uses);
        if (activation == null || !reader.inputs().get(0).equals(producer.outputs().get(0))) {
            return;
        }
        fuse(List.of(producer, reader), activation, uses, rewrite);
    }

    /** {@code Mul(x, Sigmoid(x))} (either operand order), where x is read only by the two. */
    private static void fuseSwish(Node producer, List<Node> readers, ValueUses uses, GraphRewrite rewrite) {
        String value = producer.outputs().get(0);
        Node sigmoid = readers.stream().filter(n -> n.opType().equals("Sigmoid")).findFirst().orElse(null);
        Node mul = readers.stream().filter(n -> n.opType().equals("Mul")).findFirst().orElse(null);
        if (sigmoid == null || mul == null || !uses.onlyFeeds(sigmoid.outputs().get(0), mul)) {
            return;
        }
        List<String> operands = mul.inputs();
        boolean swish = operands.contains(value) && operands.contains(sigmoid.outputs().get(0));
        if (swish) {
            fuse(List.of(producer, sigmoid, mul), Activation.swish(), uses, rewrite);
        }
    }

    /** Replaces {@code pattern} (producer first, the node giving the result last) by the fused producer. */
    private static void fuse(List<Node> pattern, Activation activation, ValueUses uses, GraphRewrite rewrite) {
        Node producer = pattern.get(0);
        Op fused = KernelOps.withActivation(producer, uses, activation);
        if (fused == null) {
            return;
        }
        List<String> sources = new ArrayList<>();
        pattern.forEach(n -> sources.addAll(n.sourceNodes()));
        Node last = pattern.get(pattern.size() - 1);
        rewrite.replace(pattern, producer.withOp(fused, producer.inputs(), last.outputs(), sources));
    }
}
