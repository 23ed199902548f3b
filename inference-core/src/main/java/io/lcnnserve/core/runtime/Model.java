package io.lcnnserve.core.runtime;

import io.lcnnserve.core.ModelLoadException;
import io.lcnnserve.core.graph.Dim;
import io.lcnnserve.core.graph.Graph;
import io.lcnnserve.core.graph.ValueSpec;
import io.lcnnserve.core.ops.TensorInfo;
import io.lcnnserve.core.optimize.GraphOptimizer;
import io.lcnnserve.core.plan.ExecutionPlan;
import io.lcnnserve.core.plan.PlanException;
import io.lcnnserve.core.tensor.DataType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A loaded model: its graph, its weights and its execution plans. Immutable and thread-safe: one
 * {@code Model} is shared by any number of {@link Session}s, which all read the same weight
 * tensors (weights are held once, however many sessions run).
 *
 * <p>Plans are built on first use for each distinct set of input shapes (batch sizes) and cached.
 */
public final class Model {
    private static final int MAX_CACHED_PLANS = 32;

    private final String name;
    private final Graph importedGraph;
    private final Graph optimizedGraph;
    private final ModelSignature signature;
    private final Map<String, ExecutionPlan> plans = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ExecutionPlan> eldest) {
            return size() > MAX_CACHED_PLANS;
        }
    };

    Model(String name, Graph graph) {
        this.name = name;
        this.importedGraph = graph;
        this.optimizedGraph = GraphOptimizer.standard().optimize(graph);
        this.signature = new ModelSignature(graph.inputs(), graph.outputs());
        validatePlannable();
    }

    public String name() {
        return name;
    }

    public ModelSignature signature() {
        return signature;
    }

    /** The graph as imported (optimized = false) or after the optimizer's passes. */
    public Graph graph(boolean optimized) {
        return optimized ? optimizedGraph : importedGraph;
    }

    /** Bytes held by the weights (initializers), shared by all sessions. */
    public long weightBytes() {
        return importedGraph.weightBytes();
    }

    /** A new session; sessions are cheap compared with the model, one per thread. */
    public Session newSession(SessionOptions options) {
        return new Session(this, options);
    }

    public Session newSession() {
        return newSession(SessionOptions.defaults());
    }

    /** A pool of {@code size} sessions over this model's shared weights. */
    public SessionPool newPool(int size, SessionOptions options) {
        return new SessionPool(this, size, options);
    }

    /**
     * The plan for inputs of these types and shapes (in signature order), built once and cached.
     *
     * @throws PlanException if an operator rejects these shapes
     */
    public ExecutionPlan plan(boolean optimized, List<TensorInfo> inputs) {
        StringBuilder key = new StringBuilder(optimized ? "O" : "R");
        for (TensorInfo info : inputs) {
            key.append('|').append(info.type()).append(Arrays.toString(info.shape()));
            if (info.isConstant()) {
                key.append('=').append(Arrays.toString(info.constant().toLongArray()));
            }
        }
        String k = key.toString();
        synchronized (plans) {
            ExecutionPlan cached = plans.get(k);
            if (cached != null) {
                return cached;
            }
        }
        ExecutionPlan plan = ExecutionPlan.build(graph(optimized), inputs);
        synchronized (plans) {
            plans.putIfAbsent(k, plan);
            return plans.get(k);
        }
    }

    /**
     * Bad models must fail at load time, not at the first request: plan the model once for batch 1
     * (a symbolic leading dimension set to 1). Skipped when other dimensions are symbolic, since no
     * single guess of them is guaranteed to be valid.
     */
    private void validatePlannable() {
        List<TensorInfo> probe = new ArrayList<>();
        for (ValueSpec input : signature.inputs()) {
            // Integer inputs may decide shapes (see Session.isShapeLike); their values cannot be guessed.
            if (!input.hasShape() || input.type() == DataType.INT64 || input.type() == DataType.INT32) {
                return;
            }
            int[] shape = new int[input.dims().size()];
            for (int i = 0; i < shape.length; i++) {
                Dim d = input.dims().get(i);
                if (!d.isFixed() && i > 0) {
                    return;
                }
                shape[i] = d.isFixed() ? d.value() : 1;
            }
            probe.add(TensorInfo.of(input.type(), shape));
        }
        try {
            plan(true, probe);
        } catch (PlanException e) {
            throw new ModelLoadException("model '" + name + "' cannot run: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "Model(" + name + ", " + signature + ")";
    }
}
