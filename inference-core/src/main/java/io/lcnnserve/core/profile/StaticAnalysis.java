package io.lcnnserve.core.profile;

import io.lcnnserve.core.graph.Dim;
import io.lcnnserve.core.graph.ValueSpec;
import io.lcnnserve.core.ops.TensorInfo;
import io.lcnnserve.core.runtime.Model;
import java.util.ArrayList;
import java.util.List;

/** Per-layer parameters, MACs and shapes of a model without running it. */
public final class StaticAnalysis {
    private StaticAnalysis() {
    }

    /**
     * The layers of {@code model}'s plan for {@code batch} (every symbolic leading dimension set to
     * it). Other symbolic dimensions cannot be guessed and are rejected.
     */
    public static List<LayerCost> layers(Model model, int batch, boolean optimized) {
        List<TensorInfo> inputs = new ArrayList<>();
        for (ValueSpec spec : model.signature().inputs()) {
            if (!spec.hasShape()) {
                throw new IllegalArgumentException("input '" + spec.name() + "' declares no shape to analyse");
            }
            int[] shape = new int[spec.dims().size()];
            for (int i = 0; i < shape.length; i++) {
                Dim d = spec.dims().get(i);
                if (!d.isFixed() && i > 0) {
                    throw new IllegalArgumentException("input '" + spec.name() + "' has symbolic dimension " + d
                        + " besides the batch");
                }
                shape[i] = d.isFixed() ? d.value() : batch;
            }
            inputs.add(TensorInfo.of(spec.type(), shape));
        }
        return LayerCost.of(model.plan(optimized, inputs));
    }
}
