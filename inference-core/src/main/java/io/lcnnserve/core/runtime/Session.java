package io.lcnnserve.core.runtime;

import io.lcnnserve.core.graph.Dim;
import io.lcnnserve.core.graph.ValueSpec;
import io.lcnnserve.core.kernels.parallel.Parallel;
import io.lcnnserve.core.ops.ExecutionContext;
import io.lcnnserve.core.ops.TensorInfo;
import io.lcnnserve.core.plan.ExecutionPlan;
import io.lcnnserve.core.plan.PlanException;
import io.lcnnserve.core.plan.Step;
import io.lcnnserve.core.profile.Profile;
import io.lcnnserve.core.profile.Profiler;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Runs a {@link Model}. A session is not thread-safe: use one per thread, or borrow them from a
 * {@link SessionPool}. Tensors returned by {@link #run} belong to the caller.
 */
public final class Session implements AutoCloseable {
    private final Model model;
    private final SessionOptions options;
    /** Null unless profiling is on: the hot loop tests it once per layer. */
    private final Profiler profiler;
    private final ExecutionContext context;
    /** Runs batches as per-thread shares a few images at a time ({@link BatchSplit}); null when profiling or a share. */
    private final BatchSplit batchSplit;
    private volatile boolean closed;
    /** The plan of the previous run and the input types/shapes it was built for (fast path). */
    private ExecutionPlan lastPlan;
    private TensorInfo[] lastInputs;
    /** Arenas of the plans this session ran most recently (a few batch sizes). */
    private final Map<ExecutionPlan, Workspace> workspaces = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ExecutionPlan, Workspace> eldest) {
            return size() > MAX_WORKSPACES;
        }
    };
    private static final int MAX_WORKSPACES = 4;
    /** Runs kept for profile statistics. */
    private static final int PROFILE_CAPACITY = 1000;

    Session(Model model, SessionOptions options) {
        this(model, options, true);
    }

    /** {@code splitBatches} false for {@link BatchSplit}'s own sub-sessions, which run whatever batch they are given. */
    Session(Model model, SessionOptions options, boolean splitBatches) {
        this.model = model;
        this.options = options;
        this.profiler = options.profiling() ? new Profiler(model.name(), PROFILE_CAPACITY) : null;
        this.context = new ExecutionContext(Parallel.fixedThreads(options.intraOpThreads()));
        // A profile times whole layers, so a profiling session runs the batch as given.
        this.batchSplit = splitBatches && !options.profiling() ? new BatchSplit(model, options, context.parallel()) : null;
    }

    public Model model() {
        return model;
    }

    public SessionOptions options() {
        return options;
    }

    /**
     * Runs the model on named inputs and returns every graph output by name, in the model's
     * declared order.
     *
     * @throws InvalidInputException if the inputs do not match the model's signature
     */
    public Map<String, Tensor> run(Map<String, Tensor> inputs) {
        ExecutionPlan plan = planFor(inputs);
        int batch = splitBatch(plan, inputs);
        if (batch > 0) {
            Map<String, Tensor> result = new LinkedHashMap<>();
            int[] slots = plan.outputSlots();
            for (int i = 0; i < slots.length; i++) {
                TensorInfo info = plan.slotInfo(slots[i]);
                result.put(model.signature().outputs().get(i).name(), Tensor.zeros(info.type(), info.shape()));
            }
            batchSplit.run(plan, batch, inputs, result);
            return result;
        }
        Workspace ws = bind(plan, inputs);
        int[] outputSlots = ws.plan.outputSlots();
        for (int slot : outputSlots) {
            if (isComputedOutput(ws.plan, slot)) {
                TensorInfo info = ws.plan.slotInfo(slot);
                ws.slots[slot] = Tensor.zeros(info.type(), info.shape());
            }
        }
        execute(ws);
        Map<String, Tensor> result = new LinkedHashMap<>();
        List<ValueSpec> outputs = model.signature().outputs();
        for (int i = 0; i < outputSlots.length; i++) {
            Tensor t = ws.slots[outputSlots[i]];
            // Weights and the caller's own inputs are never handed out as outputs: copy them.
            result.put(outputs.get(i).name(), isComputedOutput(ws.plan, outputSlots[i]) ? t : t.copy());
        }
        release(ws);
        return result;
    }

    /**
     * Runs the model writing every graph output into the caller's tensor of the same name, which
     * must have the output's type and shape. Allocates nothing once the session has run these
     * input shapes before: the path for steady-state serving and benchmarks.
     *
     * @throws InvalidInputException if inputs or outputs do not match the model
     */
    public void run(Map<String, Tensor> inputs, Map<String, Tensor> outputs) {
        ExecutionPlan plan = planFor(inputs);
        int[] outputSlots = plan.outputSlots();
        List<ValueSpec> specs = model.signature().outputs();
        for (int i = 0; i < outputSlots.length; i++) {
            TensorInfo info = plan.slotInfo(outputSlots[i]);
            Tensor target = outputs.get(specs.get(i).name());
            if (target == null || target.type() != info.type() || !sameShape(target, info)) {
                throw new InvalidInputException("output '" + specs.get(i).name() + "' needs a " + info.type() + " tensor of shape "
                    + Arrays.toString(info.shape()) + ", got " + target);
            }
        }
        int batch = splitBatch(plan, inputs);
        if (batch > 0) {
            batchSplit.run(plan, batch, inputs, outputs);
            return;
        }
        Workspace ws = bind(plan, inputs);
        for (int i = 0; i < outputSlots.length; i++) {
            Tensor target = outputs.get(specs.get(i).name());
            if (isComputedOutput(ws.plan, outputSlots[i])) {
                ws.slots[outputSlots[i]] = target;
            }
        }
        execute(ws);
        for (int i = 0; i < outputSlots.length; i++) {
            if (!isComputedOutput(ws.plan, outputSlots[i])) {
                Tensor source = ws.slots[outputSlots[i]];
                Tensor target = outputs.get(specs.get(i).name());
                System.arraycopy(source.data(), source.offset(), target.data(), target.offset(), source.size());
            }
        }
        release(ws);
    }

    /** Shape equality without the defensive copies of {@code shape()}, for the per-run checks. */
    private static boolean sameShape(Tensor tensor, TensorInfo info) {
        if (tensor.rank() != info.rank()) {
            return false;
        }
        for (int d = 0; d < tensor.rank(); d++) {
            if (tensor.dim(d) != info.dim(d)) {
                return false;
            }
        }
        return true;
    }

    /** True if a step writes this graph output (false for outputs that are weights or graph inputs). */
    private static boolean isComputedOutput(ExecutionPlan plan, int slot) {
        return plan.constant(slot) == null && plan.memoryPlan().bufferOf(slot) < 0 && !contains(plan.inputSlots(), slot);
    }

    private static boolean contains(int[] values, int value) {
        for (int v : values) {
            if (v == value) {
                return true;
            }
        }
        return false;
    }

    /** Validates the inputs and finds their plan. */
    private ExecutionPlan planFor(Map<String, Tensor> inputs) {
        if (closed) {
            throw new IllegalStateException("session of model '" + model.name() + "' is closed");
        }
        return lastPlan != null && sameShapesAsLastRun(inputs) ? lastPlan : plan(inputs);
    }

    /** The batch size when this run goes to {@link BatchSplit}, else 0. */
    private int splitBatch(ExecutionPlan plan, Map<String, Tensor> inputs) {
        if (batchSplit == null || plan.inputSlots().length == 0) {
            return 0;
        }
        TensorInfo first = plan.slotInfo(plan.inputSlots()[0]);
        int batch = first.rank() > 0 ? first.dim(0) : 0;
        return batch > 0 && batchSplit.applies(plan, batch) ? batch : 0;
    }

    /** True when a run on these inputs goes to per-thread shares of the batch (for tests). */
    boolean splitsBatch(Map<String, Tensor> inputs) {
        return splitBatch(planFor(inputs), inputs) > 0;
    }

    /** Binds the inputs into the plan's workspace. */
    private Workspace bind(ExecutionPlan plan, Map<String, Tensor> inputs) {
        Workspace ws = workspace(plan);
        List<ValueSpec> specs = model.signature().inputs();
        int[] inputSlots = plan.inputSlots();
        for (int i = 0; i < inputSlots.length; i++) {
            ws.slots[inputSlots[i]] = inputs.get(specs.get(i).name());
        }
        if (profiler != null) {
            profiler.beginRun(plan);
        }
        return ws;
    }

    private ExecutionPlan plan(Map<String, Tensor> inputs) {
        List<TensorInfo> infos = bindInputs(model.signature().inputs(), inputs);
        ExecutionPlan plan;
        try {
            plan = model.plan(options.optimize(), infos);
        } catch (PlanException e) {
            throw new InvalidInputException("model '" + model.name() + "' cannot run on inputs " + infos + ": " + e.getMessage(), e);
        }
        boolean reusable = infos.stream().noneMatch(TensorInfo::isConstant);
        lastPlan = reusable ? plan : null;
        lastInputs = reusable ? infos.toArray(TensorInfo[]::new) : null;
        return plan;
    }

    /**
     * The steady-state fast path: the same input names, types and shapes as the previous run
     * (already validated then) reuse its plan without allocating.
     */
    private boolean sameShapesAsLastRun(Map<String, Tensor> inputs) {
        List<ValueSpec> specs = model.signature().inputs();
        if (inputs.size() != specs.size()) {
            return false;
        }
        for (int i = 0; i < specs.size(); i++) {
            Tensor t = inputs.get(specs.get(i).name());
            TensorInfo last = lastInputs[i];
            if (t == null || t.type() != last.type() || !sameShape(t, last)) {
                return false;
            }
        }
        return true;
    }

    /** Ends a run: stops the profile clock and drops references to the caller's tensors. */
    private void release(Workspace ws) {
        if (profiler != null) {
            profiler.endRun();
        }
        for (int slot : ws.plan.inputSlots()) {
            ws.slots[slot] = null;
        }
        for (int slot : ws.plan.outputSlots()) {
            if (isComputedOutput(ws.plan, slot)) {
                ws.slots[slot] = null;
            }
        }
    }

    /**
     * The per-layer profile of the runs so far (with the most recent input shapes), or empty if
     * profiling is off or nothing ran yet.
     */
    public Optional<Profile> profile() {
        return profiler == null ? Optional.empty() : Optional.ofNullable(profiler.snapshot());
    }

    /** Starts the profile afresh, e.g. after warm-up runs. */
    public void resetProfile() {
        if (profiler != null) {
            profiler.reset();
        }
    }

    /** Runs every step; most of a run's time is spent in the ops' eval, the rest is bookkeeping. */
    private void execute(Workspace ws) {
        ExecutionPlan plan = ws.plan;
        Tensor[] slots = ws.slots;
        List<Step> steps = plan.steps();
        for (int s = 0; s < steps.size(); s++) {
            Step step = steps.get(s);
            int[] inSlots = step.inputSlots();
            int[] outSlots = step.outputSlots();
            Tensor[] in = ws.stepInputs[s];
            for (int i = 0; i < in.length; i++) {
                in[i] = inSlots[i] < 0 ? null : slots[inSlots[i]];
            }
            Tensor[] out = ws.stepOutputs[s];
            for (int i = 0; i < out.length; i++) {
                out[i] = outSlots[i] < 0 ? null : slots[outSlots[i]];
            }
            long start = profiler != null ? System.nanoTime() : 0;
            try {
                step.node().op().eval(in, out, context);
            } catch (RuntimeException e) {
                throw new IllegalStateException(step.node().describe() + " failed: " + e.getMessage(), e);
            }
            if (profiler != null) {
                profiler.recordStep(s, start, System.nanoTime());
            }
        }
    }

    private Workspace workspace(ExecutionPlan plan) {
        Workspace ws = workspaces.get(plan);
        if (ws == null) {
            ws = new Workspace(plan);
            workspaces.put(plan, ws);
        }
        return ws;
    }

    /**
     * Bytes of the activation arenas this session holds (one per input shape it has run, and those
     * of its per-thread shares of split batches).
     */
    public long arenaBytes() {
        long own = workspaces.values().stream().mapToLong(w -> w.arenaBytes).sum();
        return own + (batchSplit == null ? 0 : batchSplit.arenaBytes());
    }

    private List<TensorInfo> bindInputs(List<ValueSpec> specs, Map<String, Tensor> inputs) {
        for (String name : inputs.keySet()) {
            if (specs.stream().noneMatch(s -> s.name().equals(name))) {
                throw new InvalidInputException("model '" + model.name() + "' has no input '" + name + "'; its inputs are "
                    + describe(specs));
            }
        }
        Map<String, Integer> symbols = new HashMap<>();
        List<TensorInfo> infos = new ArrayList<>(specs.size());
        for (ValueSpec spec : specs) {
            Tensor t = inputs.get(spec.name());
            if (t == null) {
                throw new InvalidInputException("model '" + model.name() + "' needs input '" + spec.name() + "' ("
                    + spec.type() + " " + spec.shapeText() + "), which was not given");
            }
            if (t.type() != spec.type()) {
                throw new InvalidInputException("input '" + spec.name() + "' must be " + spec.type() + " "
                    + spec.shapeText() + ", got " + t.type());
            }
            checkShape(spec, t.shape(), symbols);
            infos.add(isShapeLike(t) ? TensorInfo.constant(t.copy()) : TensorInfo.of(t.type(), t.shape()));
        }
        return infos;
    }

    /**
     * Small integer vectors given as inputs (a Reshape target, Slice bounds, Pad amounts) decide
     * output shapes, so the plan is specialised to their values, like an initializer's.
     */
    static boolean isShapeLike(Tensor t) {
        return (t.type() == DataType.INT64 || t.type() == DataType.INT32) && t.rank() <= 1 && t.size() <= 16;
    }

    private static void checkShape(ValueSpec spec, int[] shape, Map<String, Integer> symbols) {
        if (!spec.hasShape()) {
            return;
        }
        String mismatch = "input '" + spec.name() + "' must have shape " + spec.shapeText() + ", got "
            + Arrays.toString(shape);
        if (shape.length != spec.dims().size()) {
            throw new InvalidInputException(mismatch);
        }
        for (int i = 0; i < shape.length; i++) {
            Dim d = spec.dims().get(i);
            if (d.isFixed() && d.value() != shape[i]) {
                throw new InvalidInputException(mismatch);
            }
            if (!d.isFixed() && !d.symbol().isEmpty()) {
                Integer bound = symbols.putIfAbsent(d.symbol(), shape[i]);
                if (bound != null && bound != shape[i]) {
                    throw new InvalidInputException(mismatch + " (dimension '" + d.symbol() + "' is already " + bound
                        + " in another input)");
                }
            }
        }
    }

    private static String describe(List<ValueSpec> specs) {
        return specs.stream().map(ValueSpec::toString).collect(Collectors.joining("; "));
    }

    @Override
    public void close() {
        closed = true;
        if (batchSplit != null) {
            batchSplit.close();
        }
        context.parallel().close();
    }
}
