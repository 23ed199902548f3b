package io.lcnnserve.core.optimize;

import io.lcnnserve.core.graph.Graph;
import io.lcnnserve.core.graph.Node;
import io.lcnnserve.core.ops.conv.Conv;
import io.lcnnserve.core.ops.linear.Gemm;
import io.lcnnserve.core.ops.normalization.BatchNormalization;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Shapes;
import io.lcnnserve.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Folds an inference BatchNormalization into the Conv or Gemm before it. With
 * {@code s = scale / sqrt(var + epsilon)} per channel, {@code BN(conv(x, W) + B)} equals
 * {@code conv(x, W * s) + (B - mean) * s + bias}, so the BN node disappears and the producer gets
 * new constant weights and bias (computed in double, rounded once). Applies when the producer's
 * weights, bias and the BN parameters are initializers, the BN has one value per channel and
 * nothing else reads the value between the two.
 */
public final class FoldBatchNorm implements GraphPass {

    @Override
    public String name() {
        return "fold-batch-norm";
    }

    @Override
    public Graph apply(Graph graph) {
        ValueUses uses = ValueUses.of(graph);
        GraphRewrite rewrite = new GraphRewrite(graph);
        for (Node bn : graph.nodes()) {
            if (!bn.opType().equals("BatchNormalization") || !((BatchNormalization) bn.op()).spatial()) {
                continue;
            }
            Node producer = uses.producer(bn.inputs().get(0));
            if (producer == null || rewrite.touched(producer) || !uses.onlyFeeds(bn.inputs().get(0), bn)) {
                continue;
            }
            double[][] affine = channelAffine(bn, uses);
            if (affine == null) {
                continue;
            }
            Node folded = switch (producer.opType()) {
                case "Conv" -> foldIntoConv(producer, bn, affine, uses, rewrite);
                case "Gemm" -> foldIntoGemm(producer, bn, affine, uses, rewrite);
                default -> null;
            };
            if (folded != null) {
                rewrite.replace(List.of(producer, bn), folded);
            }
        }
        return rewrite.build();
    }

    /** Per channel c: {@code [0][c] = s}, {@code [1][c] = bias - mean * s}; null unless all four parameters are FLOAT constants. */
    private static double[][] channelAffine(Node bn, ValueUses uses) {
        Tensor[] params = new Tensor[4];
        for (int i = 0; i < 4; i++) {
            params[i] = uses.constantInput(bn, i + 1);
            if (params[i] == null || params[i].type() != DataType.FLOAT || params[i].rank() != 1
                || params[i].size() != params[0].size()) {
                return null;
            }
        }
        double epsilon = ((BatchNormalization) bn.op()).epsilon();
        int channels = params[0].size();
        double[][] affine = new double[2][channels];
        for (int c = 0; c < channels; c++) {
            double s = params[0].getDouble(c) / Math.sqrt(params[3].getDouble(c) + epsilon);
            affine[0][c] = s;
            affine[1][c] = params[1].getDouble(c) - params[2].getDouble(c) * s;
        }
        return affine;
    }

    /** W'[m, ...] = W[m, ...] * s[m]; B'[m] = B[m] * s[m] + (bias - mean * s)[m]. */
    private static Node foldIntoConv(Node conv, Node bn, double[][] affine, ValueUses uses, GraphRewrite rewrite) {
        if (conv.op().getClass() != Conv.class) {
            return null;
        }
        Tensor weights = uses.constantInput(conv, 1);
        boolean hasBias = conv.inputs().size() > 2 && !conv.inputs().get(2).isEmpty();
        Tensor bias = hasBias ? uses.constantInput(conv, 2) : null;
        int channels = affine[0].length;
        if (weights == null || weights.type() != DataType.FLOAT || weights.rank() < 3 || weights.dim(0) != channels
            || hasBias && (bias == null || bias.type() != DataType.FLOAT || bias.size() != channels)) {
            return null;
        }
        int perChannel = weights.size() / channels;
        float[] w = new float[weights.size()];
        float[] b = new float[channels];
        for (int m = 0; m < channels; m++) {
            for (int i = 0; i < perChannel; i++) {
                w[m * perChannel + i] = (float) (weights.getDouble(m * perChannel + i) * affine[0][m]);
            }
            b[m] = (float) ((bias == null ? 0 : bias.getDouble(m)) * affine[0][m] + affine[1][m]);
        }
        String wName = rewrite.addInitializer(conv.inputs().get(1) + "_bn_folded", Tensor.of(w, weights.shape()));
        String bName = rewrite.addInitializer(conv.name() + "_bn_bias", Tensor.of(b, channels));
        return conv.withOp(conv.op(), List.of(conv.inputs().get(0), wName, bName), bn.outputs(), sources(conv, bn));
    }

    /**
     * Gemm {@code alpha * A'B' + beta * C}: columns j of B' scale by s[j]; the new C is
     * {@code (beta * C - mean) * s + bias} broadcast to [N] (or [M, N] when C varies by row), with beta 1.
     */
    private static Node foldIntoGemm(Node node, Node bn, double[][] affine, ValueUses uses, GraphRewrite rewrite) {
        Gemm gemm = (Gemm) node.op();
        Tensor weights = uses.constantInput(node, 1);
        boolean hasC = node.inputs().size() > 2 && !node.inputs().get(2).isEmpty();
        Tensor c = hasC ? uses.constantInput(node, 2) : null;
        int n = affine[0].length;
        if (weights == null || weights.type() != DataType.FLOAT || weights.rank() != 2
            || (gemm.transB() ? weights.dim(0) : weights.dim(1)) != n || hasC && (c == null || c.type() != DataType.FLOAT)) {
            return null;
        }
        float[] w = weights.toFloatArray();
        int rows = weights.dim(0);
        int cols = weights.dim(1);
        for (int r = 0; r < rows; r++) {
            for (int col = 0; col < cols; col++) {
                w[r * cols + col] = (float) (w[r * cols + col] * affine[0][gemm.transB() ? r : col]);
            }
        }
        int[] cShape;
        try {
            cShape = c == null ? new int[] {n} : Shapes.broadcast(c.shape(), new int[] {n});
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (cShape.length > 2) {
            return null;
        }
        float[] newC = new float[Shapes.elementCount(cShape)];
        int[] cStrides = c == null ? null : Shapes.broadcastStrides(c.shape(), cShape);
        for (int i = 0; i < newC.length; i++) {
            int j = i % n;
            double value = 0;
            if (c != null) {
                int index = cShape.length == 2 ? (i / n) * cStrides[0] + j * cStrides[1] : j * cStrides[0];
                value = gemm.beta() * c.getDouble(index);
            }
            newC[i] = (float) (value * affine[0][j] + affine[1][j]);
        }
        String wName = rewrite.addInitializer(node.inputs().get(1) + "_bn_folded", Tensor.of(w, weights.shape()));
        String cName = rewrite.addInitializer(node.name() + "_bn_bias", Tensor.of(newC, cShape));
        Map<String, Object> attributes = Map.of("alpha", gemm.alpha(), "beta", 1f, "transA", gemm.transA() ? 1L : 0L,
            "transB", gemm.transB() ? 1L : 0L);
        return ReferenceOps.node(node.name(), "Gemm", Math.max(node.opset(), 11), attributes,
            List.of(node.inputs().get(0), wName, cName), bn.outputs(), sources(node, bn));
    }

    private static List<String> sources(Node producer, Node bn) {
        List<String> sources = new ArrayList<>(producer.sourceNodes());
        sources.addAll(bn.sourceNodes());
        return sources;
    }
}
