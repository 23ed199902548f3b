package io.lcnnserve.core.optimize;

import io.lcnnserve.core.graph.Graph;
import io.lcnnserve.core.graph.Node;
import io.lcnnserve.core.ops.shape.Concat;
import io.lcnnserve.core.ops.shape.InPlaceConcat;

/**
 * Marks every Concat as one whose inputs the memory plan may place inside its output
 * ({@link InPlaceConcat}): where the concatenated slices are contiguous (batch 1, channel axis)
 * the producers then write straight into the concatenated buffer and the Concat copies nothing.
 * The decision per input is the plan's, for concrete shapes.
 */
public final class ConcatInPlace implements GraphPass {

    @Override
    public String name() {
        return "concat-in-place";
    }

    @Override
    public Graph apply(Graph graph) {
        GraphRewrite rewrite = new GraphRewrite(graph);
        for (Node node : graph.nodes()) {
            if (node.op() instanceof Concat concat) {
                rewrite.replace(node, node.withOp(InPlaceConcat.of(concat), node.inputs(), node.outputs(), node.sourceNodes()));
            }
        }
        return rewrite.build();
    }
}
