package io.lcnnserve.core.runtime;

import io.lcnnserve.core.graph.ValueSpec;
import io.lcnnserve.core.kernels.parallel.Parallel;
import io.lcnnserve.core.ops.Op;
import io.lcnnserve.core.ops.TensorInfo;
import io.lcnnserve.core.ops.activation.Softmax;
import io.lcnnserve.core.ops.linear.FusedGemm;
import io.lcnnserve.core.ops.linear.Gemm;
import io.lcnnserve.core.plan.ExecutionPlan;
import io.lcnnserve.core.plan.PlanException;
import io.lcnnserve.core.plan.Step;
import io.lcnnserve.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs a batch of several images as one single-threaded sub-session per thread, each on its own
 * contiguous share of the images, instead of splitting every layer across the threads. Each
 * thread then keeps its images in its own cache from layer to layer and never waits at a per-layer
 * barrier for the other; on a 2-core machine this takes the 2-thread gain at batch 8 from about
 * 1.5x to about 1.85x (LatencyProbe, {@code -Dprobe.split=true}). Each share runs
 * {@link #IMAGES_PER_RUN} images at a time, so a layer's activations stay small enough for the
 * caches; that alone makes a batch of 8 on one thread 5-12% faster than running it whole
 * (MobileNetV2 1.13x, MobileNetV3-Large 1.09x, SqueezeNet 1.1 1.07x; MobileNetV3-Small even).
 *
 * <p>Only for models whose signature leaves the batch size free and plans that treat images
 * independently: every input and output, and every value a
 * step reads or writes, has the batch as its first axis, every step's op is one known to work
 * image by image ({@link #PER_IMAGE}; Gemm with untransposed A, Softmax not over the batch axis),
 * and the model plans for each run's batch size (a Reshape to a fixed batch would not). The
 * decision is made once per plan. The sub-sessions' outputs are written straight into the slices
 * of the caller's output tensors.
 */
final class BatchSplit {
    /** Ops that compute each image from that image alone when every value has the batch first. */
    private static final Set<String> PER_IMAGE = Set.of(
        "FusedConv", "Conv", "ConvTranspose", "DeformConv",
        "FusedAdd", "Add", "Sub", "Mul", "Div", "VectorMul", "Max", "Min", "Sum", "Mean",
        "Relu", "Clip", "LeakyRelu", "PRelu", "Sigmoid", "HardSigmoid", "HardSwish", "Tanh", "Exp",
        "BatchNormalization", "Dropout", "Identity",
        "MaxPool", "VectorMaxPool", "AveragePool", "GlobalAveragePool", "GlobalMaxPool", "MaxUnpool",
        "ChannelShuffle", "InPlaceConcat", "Concat", "Split", "Flatten", "Reshape", "Pad",
        "DepthToSpace", "SpaceToDepth", "FusedGemm", "Gemm", "Softmax");
    /** Images per sub-session run: two measured best or within 2% of best on every benchmark model. */
    static final int IMAGES_PER_RUN = 2;

    private final Model model;
    private final SessionOptions partOptions;
    private final Parallel parallel;
    private final Session[] parts;
    private final Map<ExecutionPlan, Boolean> decisions = new IdentityHashMap<>();
    /** Per part, its runs' slices of the caller's tensors, by run index within the share. */
    private final List<List<RunSlices>> partSlices = new ArrayList<>();
    private final PartRun partRun = new PartRun();
    /** The current run's batch size and the caller's full-batch tensors, read by {@link PartRun}. */
    private int batch;
    private Map<String, Tensor> inputs;
    private Map<String, Tensor> outputs;
    /** The signature leaves the batch free: every input's first dimension is symbolic and used nowhere else. */
    private final boolean freeBatch;

    BatchSplit(Model model, SessionOptions options, Parallel parallel) {
        this.model = model;
        this.partOptions = options.withIntraOpThreads(1);
        this.parallel = parallel;
        this.parts = new Session[parallel.threads()];
        this.freeBatch = freeBatch(model.signature().inputs());
        for (int p = 0; p < parts.length; p++) {
            partSlices.add(new ArrayList<>());
        }
    }

    /** True when {@code plan}, built for a batch of {@code batch} images, runs split into per-thread shares. */
    boolean applies(ExecutionPlan plan, int batch) {
        if (!freeBatch || batch < parts.length || (parts.length == 1 && batch <= IMAGES_PER_RUN)) {
            return false;
        }
        Boolean decision = decisions.get(plan);
        if (decision == null) {
            decision = imagesIndependent(plan, batch) && sharesPlan(plan);
            decisions.put(plan, decision);
        }
        return decision;
    }

    /**
     * Runs the batch (validated against {@code plan}) as per-thread shares, writing into
     * {@code outputs}, the caller's tensors of the full batch.
     */
    void run(ExecutionPlan plan, int batch, Map<String, Tensor> inputs, Map<String, Tensor> outputs) {
        for (int p = 0; p < parts.length; p++) {
            if (parts[p] == null) {
                parts[p] = new Session(model, partOptions, false);
            }
        }
        this.batch = batch;
        this.inputs = inputs;
        this.outputs = outputs;
        try {
            parallel.forRange(parts.length, 1, partRun);
        } finally {
            this.inputs = null;
            this.outputs = null;
        }
    }

    /** Runs share {@code p} of the current batch, {@link #IMAGES_PER_RUN} images at a time. */
    private void runShare(int p) {
        List<RunSlices> slices = partSlices.get(p);
        int start = share(p, batch);
        int end = share(p + 1, batch);
        for (int first = start, run = 0; first < end; first += IMAGES_PER_RUN, run++) {
            if (run == slices.size()) {
                slices.add(new RunSlices(model.signature()));
            }
            RunSlices slice = slices.get(run);
            slice.update(batch, first, Math.min(IMAGES_PER_RUN, end - first), inputs, outputs);
            parts[p].run(slice.inputs, slice.outputs);
        }
    }

    /** Bytes of the shares' arenas. */
    long arenaBytes() {
        long bytes = 0;
        for (Session part : parts) {
            bytes += part == null ? 0 : part.arenaBytes();
        }
        return bytes;
    }

    void close() {
        for (Session part : parts) {
            if (part != null) {
                part.close();
            }
        }
    }

    private static boolean freeBatch(List<ValueSpec> inputs) {
        for (ValueSpec spec : inputs) {
            if (!spec.hasShape() || spec.dims().isEmpty() || spec.dims().get(0).isFixed()) {
                return false;
            }
            String symbol = spec.dims().get(0).symbol();
            for (ValueSpec other : inputs) {
                for (int d = 1; d < other.dims().size(); d++) {
                    if (!symbol.isEmpty() && symbol.equals(other.dims().get(d).symbol())) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** First image of share {@code p} (of {@code parts.length} near-equal shares). */
    private int share(int p, int batch) {
        return (int) ((long) p * batch / parts.length);
    }

    private static Tensor slice(Tensor whole, int batch, int first, int count) {
        int[] shape = whole.shape();
        shape[0] = count;
        int perImage = whole.size() / batch;
        return Tensor.wrap(whole.type(), shape, whole.data(), whole.offset() + first * perImage);
    }

    /**
     * One run's slices of the caller's full-batch tensors. They are rebuilt only when the caller
     * passes other tensors or another batch size, so a loop that reuses its buffers allocates
     * nothing here; until then the slices keep the last call's tensors reachable.
     */
    private static final class RunSlices {
        private final List<ValueSpec> inputSpecs;
        private final List<ValueSpec> outputSpecs;
        private final Tensor[] inputSources;
        private final Tensor[] outputSources;
        final Map<String, Tensor> inputs = new HashMap<>();
        final Map<String, Tensor> outputs = new HashMap<>();
        private int batch;

        RunSlices(ModelSignature signature) {
            this.inputSpecs = signature.inputs();
            this.outputSpecs = signature.outputs();
            this.inputSources = new Tensor[inputSpecs.size()];
            this.outputSources = new Tensor[outputSpecs.size()];
        }

        /** Images {@code [first, first + count)} of a batch of {@code batch}, in the caller's current tensors. */
        void update(int batch, int first, int count, Map<String, Tensor> wholeInputs, Map<String, Tensor> wholeOutputs) {
            boolean sameBatch = batch == this.batch;
            this.batch = batch;
            update(inputSpecs, inputSources, inputs, wholeInputs, sameBatch, first, count);
            update(outputSpecs, outputSources, outputs, wholeOutputs, sameBatch, first, count);
        }

        private void update(List<ValueSpec> specs, Tensor[] sources, Map<String, Tensor> slices,
                            Map<String, Tensor> wholes, boolean sameBatch, int first, int count) {
            for (int i = 0; i < specs.size(); i++) {
                String name = specs.get(i).name();
                Tensor whole = wholes.get(name);
                if (!sameBatch || whole != sources[i]) {
                    sources[i] = whole;
                    slices.put(name, slice(whole, batch, first, count));
                }
            }
        }
    }

    /** The sub-sessions' loop body: share {@code p} runs on thread {@code p}. */
    private final class PartRun implements Parallel.RangeBody {
        @Override
        public void run(int part, int start, int end) {
            for (int p = start; p < end; p++) {
                runShare(p);
            }
        }
    }

    private static boolean imagesIndependent(ExecutionPlan plan, int batch) {
        for (int slot : plan.inputSlots()) {
            if (!batchFirst(plan, slot, batch)) {
                return false;
            }
        }
        for (int slot : plan.outputSlots()) {
            if (!batchFirst(plan, slot, batch)) {
                return false;
            }
        }
        for (Step step : plan.steps()) {
            int inputRank = step.inputSlots().length > 0 && step.inputSlots()[0] >= 0
                ? plan.slotInfo(step.inputSlots()[0]).rank() : 0;
            if (!PER_IMAGE.contains(step.node().opType()) || !perImageAttributes(step.node().op(), inputRank)) {
                return false;
            }
            for (int slot : step.inputSlots()) {
                if (slot >= 0 && plan.constant(slot) == null && !batchFirst(plan, slot, batch)) {
                    return false;
                }
            }
            for (int slot : step.outputSlots()) {
                if (slot >= 0 && !batchFirst(plan, slot, batch)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean batchFirst(ExecutionPlan plan, int slot, int batch) {
        TensorInfo info = plan.slotInfo(slot);
        return !info.isConstant() && info.rank() >= 1 && info.dim(0) == batch;
    }

    /** Ops whose attributes can make them read across images: a transposed Gemm A, softmax over the batch axis. */
    private static boolean perImageAttributes(Op op, int inputRank) {
        return switch (op) {
            case Gemm gemm -> !gemm.transA();
            case FusedGemm gemm -> !gemm.transA();
            // Both opsets' axes keep images apart when they start after the batch axis.
            case Softmax softmax -> (softmax.axis() < 0 ? softmax.axis() + inputRank : softmax.axis()) >= 1;
            default -> true;
        };
    }

    /**
     * True when the model also plans for every run's batch size (1 to {@link #IMAGES_PER_RUN}
     * images) with every value the same per image as in the full batch (no step fixes the batch or
     * moves data between images).
     */
    private boolean sharesPlan(ExecutionPlan plan) {
        for (int count = 1; count <= IMAGES_PER_RUN; count++) {
            List<TensorInfo> infos = new ArrayList<>();
            for (int slot : plan.inputSlots()) {
                infos.add(withBatch(plan.slotInfo(slot), count));
            }
            ExecutionPlan runPlan;
            try {
                runPlan = model.plan(partOptions.optimize(), infos);
            } catch (PlanException | IllegalArgumentException e) {
                return false;
            }
            if (runPlan.slotCount() != plan.slotCount()) {
                return false;
            }
            for (int slot = 0; slot < plan.slotCount(); slot++) {
                TensorInfo whole = plan.slotInfo(slot);
                if (!whole.isConstant() && !runPlan.slotInfo(slot).equals(withBatch(whole, count))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static TensorInfo withBatch(TensorInfo info, int batch) {
        int[] shape = info.shape();
        shape[0] = batch;
        return TensorInfo.of(info.type(), shape);
    }
}
