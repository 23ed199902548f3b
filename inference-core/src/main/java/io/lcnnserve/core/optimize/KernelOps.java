package io.lcnnserve.core.optimize;

import io.lcnnserve.core.graph.Node;
import io.lcnnserve.core.kernels.Activation;
import io.lcnnserve.core.ops.Op;
import io.lcnnserve.core.ops.conv.Conv;
import io.lcnnserve.core.ops.conv.FusedConv;
import io.lcnnserve.core.ops.elementwise.FusedAdd;
import io.lcnnserve.core.ops.elementwise.Mul;
import io.lcnnserve.core.ops.elementwise.VectorMul;
import io.lcnnserve.core.ops.linear.FusedGemm;
import io.lcnnserve.core.ops.linear.Gemm;
import io.lcnnserve.core.tensor.Tensor;

/**
 * The kernel-backed replacement of a node (Conv → FusedConv, Gemm → FusedGemm, Add → FusedAdd,
 * Mul → VectorMul)
 * with a given activation fused in, or of an already fused node without one.
 */
final class KernelOps {
    private KernelOps() {
    }

    /** The fused op computing {@code activation(node)}, or null if the node has no kernel op or already fuses one. */
    static Op withActivation(Node node, ValueUses uses, Activation activation) {
        Op op = node.op();
        return switch (op) {
            case FusedConv fused -> fused.activation().isIdentity() ? fused.withActivation(activation) : null;
            case FusedGemm fused -> fused.activation().isIdentity() ? fused.withActivation(activation) : null;
            case FusedAdd fused -> fused.activation().isIdentity() ? fused.withActivation(activation) : null;
            case VectorMul fused -> fused.activation().isIdentity() ? fused.withActivation(activation) : null;
            default -> switch (node.opType()) {
                case "Conv" -> conv(node, uses, activation);
                case "Gemm" -> gemm(node, uses, activation);
                case "Add" -> FusedAdd.create(op, activation);
                case "Mul" -> op instanceof Mul ? VectorMul.of(op).withActivation(activation) : null;
                default -> null;
            };
        };
    }

    private static Op conv(Node node, ValueUses uses, Activation activation) {
        if (node.op().getClass() != Conv.class) {
            return null;
        }
        Conv conv = (Conv) node.op();
        Tensor weights = uses.constantInput(node, 1);
        boolean hasBias = node.inputs().size() > 2 && !node.inputs().get(2).isEmpty();
        Tensor bias = hasBias ? uses.constantInput(node, 2) : null;
        if (hasBias && bias == null || !FusedConv.supports(conv, weights, bias)) {
            return null;
        }
        int[] output = uses.staticShape(node.outputs().get(0));
        boolean smallPlanes = output != null && output.length == 4 && FusedConv.prefersTransposedProduct(output[2] * output[3]);
        return FusedConv.create(conv, weights, bias, activation, smallPlanes);
    }

    private static Op gemm(Node node, ValueUses uses, Activation activation) {
        Tensor weights = uses.constantInput(node, 1);
        if (!(node.op() instanceof Gemm gemm) || !FusedGemm.supports(weights)) {
            return null;
        }
        boolean hasC = node.inputs().size() > 2 && !node.inputs().get(2).isEmpty();
        return FusedGemm.create(gemm, weights, hasC, hasC ? uses.constantInput(node, 2) : null, activation);
    }
}
