package io.lcnnserve.core.optimize;

import io.lcnnserve.core.graph.Graph;
import io.lcnnserve.core.graph.Node;
import io.lcnnserve.core.kernels.Activation;
import io.lcnnserve.core.ops.Op;
import io.lcnnserve.core.ops.elementwise.Mul;
import io.lcnnserve.core.ops.elementwise.VectorMul;
import io.lcnnserve.core.ops.pool.GlobalAveragePool;
import io.lcnnserve.core.ops.pool.MaxPool;
import io.lcnnserve.core.ops.pool.VectorGlobalAveragePool;
import io.lcnnserve.core.ops.pool.VectorMaxPool;
import java.util.List;

/**
 * Moves nodes onto their kernel ops: the Conv, Gemm and Add nodes that no activation was fused
 * into (FusedConv, FusedGemm, FusedAdd with no activation, weights packed once here), Mul
 * (VectorMul), 2-D MaxPool without an Indices output (VectorMaxPool) and GlobalAveragePool
 * (VectorGlobalAveragePool).
 * Nodes the kernels do not cover (non-constant weights, 1-D or 3-D convs) keep their reference op.
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
            Op op = switch (node.opType()) {
                case "MaxPool" -> maxPool(node, uses);
                case "GlobalAveragePool" -> node.op().getClass() == GlobalAveragePool.class ? new VectorGlobalAveragePool() : null;
                case "Mul" -> node.op() instanceof Mul ? VectorMul.of(node.op()) : null;
                default -> KernelOps.withActivation(node, uses, Activation.none());
            };
            if (op != null) {
                // An unused Indices output is not produced by the vector MaxPool.
                List<String> outputs = op instanceof VectorMaxPool ? node.outputs().subList(0, 1) : node.outputs();
                rewrite.replace(node, node.withOp(op, node.inputs(), outputs, node.sourceNodes()));
            }
        }
        return rewrite.build();
    }

    private static Op maxPool(Node node, ValueUses uses) {
        boolean indicesUnused = node.outputs().size() == 1 || node.outputs().get(1).isEmpty()
            || uses.consumers(node.outputs().get(1)).isEmpty() && !uses.isGraphOutput(node.outputs().get(1));
        int[] kernel = node.op() instanceof MaxPool pool ? pool.window().kernelShape() : null;
        return node.op().getClass() == MaxPool.class && indicesUnused && kernel != null && kernel.length == 2
            ? VectorMaxPool.of((MaxPool) node.op()) : null;
    }

    private static boolean isReferenceKernelCandidate(Node node) {
        return switch (node.opType()) {
            case "Conv", "Gemm", "Add", "Mul", "MaxPool", "GlobalAveragePool" -> true;
            default -> false;
        };
    }
}
