package io.lcnnserve.core.optimize;

import io.lcnnserve.core.graph.Graph;
import io.lcnnserve.core.graph.Node;
import io.lcnnserve.core.ops.activation.HardSigmoid;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Rewrites {@code Mul(x, HardSigmoid(x, alpha=1/6, beta=0.5))} (either operand order), the way
 * exporters write h-swish before opset 14, into one {@code HardSwish(x)} node, which the
 * activation fusion can then fold into the convolution that produces x.
 */
public final class FuseHardSwish implements GraphPass {
    /** HardSwish is exactly HardSigmoid(1/6, 0.5); exporters store 1/6 as the nearest float. */
    private static final float ALPHA_TOLERANCE = 1e-6f;

    @Override
    public String name() {
        return "fuse-hard-swish";
    }

    @Override
    public Graph apply(Graph graph) {
        ValueUses uses = ValueUses.of(graph);
        GraphRewrite rewrite = new GraphRewrite(graph);
        for (Node node : graph.nodes()) {
            if (!node.opType().equals("HardSigmoid") || !isHardSwishGate((HardSigmoid) node.op())) {
                continue;
            }
            String x = node.inputs().get(0);
            Node mul = uses.soleConsumer(node.outputs().get(0));
            if (mul == null || !mul.opType().equals("Mul") || rewrite.touched(mul)) {
                continue;
            }
            List<String> operands = mul.inputs();
            boolean gatesItsInput = operands.contains(x) && operands.contains(node.outputs().get(0)) && !x.equals(node.outputs().get(0));
            if (!gatesItsInput) {
                continue;
            }
            List<String> sources = new ArrayList<>(node.sourceNodes());
            sources.addAll(mul.sourceNodes());
            rewrite.replace(List.of(node, mul), ReferenceOps.node(mul.name(), "HardSwish", 14, Map.of(), List.of(x),
                mul.outputs(), sources));
        }
        return rewrite.build();
    }

    private static boolean isHardSwishGate(HardSigmoid gate) {
        return Math.abs(gate.alpha() - 1f / 6f) <= ALPHA_TOLERANCE && gate.beta() == 0.5f;
    }
}
