package io.lcnnserve.core.runtime;

import io.lcnnserve.core.kernels.parallel.Parallel;
import io.lcnnserve.core.ops.ExecutionContext;
import io.lcnnserve.core.ops.TensorInfo;
import io.lcnnserve.core.plan.ExecutionPlan;
import io.lcnnserve.core.plan.Step;
import io.lcnnserve.core.tensor.Tensor;
import io.lcnnserve.core.testing.BundledModels;
import io.lcnnserve.core.testing.SyntheticModels;
import io.lcnnserve.core.testing.SyntheticModels.Architecture;
import io.lcnnserve.core.testing.SyntheticModels.SyntheticModel;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Bytes allocated per steady-state {@code Session.run(inputs, outputs)} by the caller and the
 * session's intra-op workers, for a bundled or synthetic model (not a test: a quick look while
 * hunting allocations). Usage: {@code AllocationProbe <model> [threads] [batch] [runs]};
 * {@code -Dprobe.steps=true} attributes the bytes to plan steps (largest first, {@code -Dprobe.top=N}
 * of them), {@code -Dprobe.only=<node name part>} repeats matching steps alone.
 */
public final class AllocationProbe {
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private AllocationProbe() {
    }

    public static void main(String[] args) {
        String name = args[0];
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 200;
        Model model;
        Tensor input;
        Architecture architecture = Arrays.stream(Architecture.values()).filter(a -> a.modelName().equals(name)).findFirst()
            .orElse(null);
        if (architecture != null) {
            SyntheticModel synthetic = SyntheticModels.get(architecture);
            model = OnnxModels.load(synthetic.bytes(), synthetic.name());
            input = synthetic.sampleInput(batch);
        } else {
            model = BundledModels.load(name);
            int[] shape = model.signature().inputs().get(0).dims().stream().mapToInt(d -> d.isFixed() ? d.value() : batch).toArray();
            shape[0] = batch;
            input = Tensor.zeros(model.signature().inputs().get(0).type(), shape);
        }
        Map<String, Tensor> inputs = Map.of(model.signature().inputs().get(0).name(), input);
        if (Boolean.getBoolean("probe.steps")) {
            perStep(model, inputs, threads, runs);
            return;
        }
        try (Session session = model.newSession(SessionOptions.defaults().withIntraOpThreads(threads))) {
            Map<String, Tensor> outputs = new HashMap<>(session.run(inputs));
            for (int window = 0; window < 10; window++) {
                long[] ids = sessionThreads();
                long before = allocated(ids);
                long t0 = System.nanoTime();
                for (int i = 0; i < runs / 10; i++) {
                    session.run(inputs, outputs);
                }
                long elapsed = System.nanoTime() - t0;
                System.out.printf("%s threads=%d batch=%d: %d bytes/run, %.2f ms/run%n", name, threads, batch,
                    (allocated(ids) - before) / (runs / 10), elapsed / 1e6 / (runs / 10));
            }
        }
    }

    /** Bytes per run of each step (all session threads), largest first. */
    private static void perStep(Model model, Map<String, Tensor> inputs, int threads, int runs) {
        ExecutionPlan plan = model.plan(true, List.of(TensorInfo.of(inputs.values().iterator().next().type(),
            inputs.values().iterator().next().shape())));
        Workspace ws = new Workspace(plan);
        ws.slots[plan.inputSlots()[0]] = inputs.values().iterator().next();
        for (int slot : plan.outputSlots()) {
            ws.slots[slot] = Tensor.zeros(plan.slotInfo(slot).type(), plan.slotInfo(slot).shape());
        }
        List<Step> steps = plan.steps();
        long[] bytes = new long[steps.size()];
        try (Parallel parallel = Parallel.fixedThreads(threads)) {
            ExecutionContext context = new ExecutionContext(parallel);
            for (int run = 0; run < runs; run++) {
                long[] ids = sessionThreads();
                for (int s = 0; s < steps.size(); s++) {
                    Step step = steps.get(s);
                    Tensor[] in = ws.stepInputs[s];
                    Tensor[] out = ws.stepOutputs[s];
                    for (int i = 0; i < in.length; i++) {
                        in[i] = step.inputSlots()[i] < 0 ? null : ws.slots[step.inputSlots()[i]];
                    }
                    for (int i = 0; i < out.length; i++) {
                        out[i] = step.outputSlots()[i] < 0 ? null : ws.slots[step.outputSlots()[i]];
                    }
                    long before = allocated(ids);
                    long none = allocated(ids) - before;
                    before = allocated(ids);
                    step.node().op().eval(in, out, context);
                    long after = allocated(ids);
                    if (run >= runs / 2) {
                        bytes[s] += after - before - none;
                    }
                }
            }
        }
        String only = System.getProperty("probe.only");
        if (only != null) {
            try (Parallel parallel = Parallel.fixedThreads(threads)) {
                ExecutionContext context = new ExecutionContext(parallel);
                for (int s = 0; s < steps.size(); s++) {
                    if (steps.get(s).node().describe().contains(only)) {
                        for (int window = 0; window < 10; window++) {
                            long[] ids = sessionThreads();
                            long before = allocated(ids);
                            for (int i = 0; i < 5000; i++) {
                                steps.get(s).node().op().eval(ws.stepInputs[s], ws.stepOutputs[s], context);
                            }
                            System.out.printf("%s: %d bytes/eval%n", steps.get(s).node().describe(), (allocated(ids) - before) / 5000);
                        }
                    }
                }
            }
        }
        long total = 0;
        Integer[] order = new Integer[steps.size()];
        for (int s = 0; s < order.length; s++) {
            order[s] = s;
            total += bytes[s];
        }
        Arrays.sort(order, (a, b) -> Long.compare(bytes[b], bytes[a]));
        int measured = runs - runs / 2;
        System.out.printf("total %d bytes/run over %d steps%n", total / measured, steps.size());
        for (int k = 0; k < Math.min(Integer.getInteger("probe.top", 25), order.length); k++) {
            int s = order[k];
            System.out.printf("  %7d  %s %s%n", bytes[s] / measured, steps.get(s).node().describe(),
                Arrays.toString(plan.slotInfo(steps.get(s).outputSlots()[0]).shape()));
        }
    }

    private static long[] sessionThreads() {
        return Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t == Thread.currentThread() || t.getName().startsWith("lcnn-kernels-"))
            .mapToLong(Thread::threadId).toArray();
    }

    private static long allocated(long[] ids) {
        return Arrays.stream(THREADS.getThreadAllocatedBytes(ids)).sum();
    }
}
