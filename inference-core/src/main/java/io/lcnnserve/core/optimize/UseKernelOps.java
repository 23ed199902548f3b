package io.lcnnserve.core.optimize;

import io.lcnnserve.core.graph.Graph;
import io.lcnnserve.core.graph.Node;
import io.lcnnserve.core.kernels.Activation;
import io.lcnnserve.core.ops.Op;

/**
 * Moves the Conv, Gemm and Add nodes that no activation was fused into onto their kernel ops
 * (FusedConv, FusedGemm, FusedAdd with no activation), so the weights are packed once here and
 * the fast paths run. Nodes the kernels do not cover (non-constant weights, 1-D or 3-D convs)
 * keep their reference op.
 */
public final class UseKernelOps implements GraphPass {

    @Override
    public String name() {
        return "kernel-ops";
    }

    @Override
    public Graph apply(Graph graph) {
        ValueUses uses = ValueUses.of(graph);
        GraphRewrite rewrite = new GraphRewrite(graph);
        for (Node node : graph.nodes()) {
            if (!isReferenceKernelCandidate(node)) {
                continue;
            }
            Op op = KernelOps.withActivation(node, uses, Activation.none());
            if (op != null) {
                rewrite.replace(node, node.withOp(op, node.inputs(), node.outputs(), node.sourceNodes()));
            }
        }
        return rewrite.build();
    }

    private static boolean isReferenceKernelCandidate(Node node) {
        return switch (node.opType()) {
            case "Conv", "Gemm", "Add" -> true;
            default -> false;
        };
    }
}
