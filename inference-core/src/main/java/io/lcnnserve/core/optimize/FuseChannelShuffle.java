package io.lcnnserve.core.optimize;

import io.lcnnserve.core.graph.Graph;
import io.lcnnserve.core.graph.Node;
import io.lcnnserve.core.ops.shape.ChannelShuffle;
import io.lcnnserve.core.ops.shape.Reshape;
import io.lcnnserve.core.ops.shape.Transpose;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Replaces the exported channel shuffle {@code Reshape [N, g, C/g, H, W]} →
 * {@code Transpose [0, 2, 1, 3, 4]} → {@code Reshape} by one {@link ChannelShuffle} node that
 * permutes channel planes, when both reshape targets are initializers and the intermediate values
 * have no other reader.
 */
public final class FuseChannelShuffle implements GraphPass {

    @Override
    public String name() {
        return "channel-shuffle";
    }

    @Override
    public Graph apply(Graph graph) {
        ValueUses uses = ValueUses.of(graph);
        GraphRewrite rewrite = new GraphRewrite(graph);
        for (Node first : graph.nodes()) {
            if (!(first.op() instanceof Reshape group) || first.inputs().size() != 2 || rewrite.touched(first)) {
                continue;
            }
            Node transpose = uses.soleConsumer(first.outputs().get(0));
            if (transpose == null || !(transpose.op() instanceof Transpose swap)) {
                continue;
            }
            Node second = uses.soleConsumer(transpose.outputs().get(0));
            if (second == null || !(second.op() instanceof Reshape merge) || second.inputs().size() != 2
                || !second.inputs().get(0).equals(transpose.outputs().get(0))) {
                continue;
            }
            Tensor groupShape = uses.constantInput(first, 1);
            Tensor mergeShape = uses.constantInput(second, 1);
            if (groupShape == null || mergeShape == null || groupShape.type() != DataType.INT64
                || !ChannelShuffle.matches(groupShape.toLongArray(), swap)) {
                continue;
            }
            List<String> sources = new ArrayList<>(first.sourceNodes());
            sources.addAll(transpose.sourceNodes());
            sources.addAll(second.sourceNodes());
            ChannelShuffle shuffle = ChannelShuffle.of(group, groupShape.toLongArray(), swap, merge);
            rewrite.replace(List.of(first, transpose, second), first.withOp(shuffle,
                List.of(first.inputs().get(0), first.inputs().get(1), second.inputs().get(1)), second.outputs(), sources));
        }
        return rewrite.build();
    }
}
