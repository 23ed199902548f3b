package io.lcnnserve.core.optimize;

import io.lcnnserve.core.graph.Dim;
import io.lcnnserve.core.graph.Graph;
import io.lcnnserve.core.graph.ValueSpec;
import io.lcnnserve.core.ops.TensorInfo;
import io.lcnnserve.core.plan.ExecutionPlan;
import io.lcnnserve.core.plan.PlanException;
import io.lcnnserve.core.tensor.DataType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The shape of every value of a graph at batch 1, planned exactly as a session plans it, for
 * passes that pick a kernel layout by shape (a 1x1 output plane, say). Known only when every
 * graph input is FLOAT with fixed dimensions apart from a leading batch dimension; otherwise
 * nothing is known and passes keep their shape-independent choice.
 */
final class StaticShapes {
    private final Map<String, int[]> shapes;

    private StaticShapes(Map<String, int[]> shapes) {
        this.shapes = shapes;
    }

    static StaticShapes of(Graph graph) {
        List<TensorInfo> inputs = new ArrayList<>();
        for (ValueSpec input : graph.inputs()) {
            if (!input.hasShape() || input.type() != DataType.FLOAT) {
                return new StaticShapes(Map.of());
            }
            int[] shape = new int[input.dims().size()];
            for (int i = 0; i < shape.length; i++) {
                Dim d = input.dims().get(i);
                if (!d.isFixed() && i > 0) {
                    return new StaticShapes(Map.of());
                }
                shape[i] = d.isFixed() ? d.value() : 1;
            }
            inputs.add(TensorInfo.of(input.type(), shape));
        }
        ExecutionPlan plan;
        try {
            plan = ExecutionPlan.build(graph, inputs);
        } catch (PlanException e) {
            return new StaticShapes(Map.of());
        }
        Map<String, int[]> shapes = new HashMap<>();
        for (int slot = 0; slot < plan.slotCount(); slot++) {
            shapes.put(plan.slotName(slot), plan.slotInfo(slot).shape());
        }
        return new StaticShapes(shapes);
    }

    /** The value's shape at batch 1, or null if unknown. */
    int[] shape(String value) {
        int[] shape = shapes.get(value);
        return shape == null ? null : shape.clone();
    }
}
