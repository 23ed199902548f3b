package io.lcnnserve.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lcnnserve.core.tensor.Tensor;
import io.lcnnserve.core.testing.BundledModels;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Once a session has run an input shape, running it again into caller-owned outputs allocates
 * (almost) nothing: the arena, the plan and the slot views are reused. Counted with the JVM's
 * per-thread allocation counter around steady-state runs on one intra-op thread, so every
 * allocation of the run happens on the measured thread; steady state means after JIT warm-up.
 */
class SteadyStateAllocationTest {
    private static final String MODEL = "mobilenet_v1_0.25_128";
    private static final long MAX_BYTES_PER_RUN = 4096;
    private static final Duration WARM_UP_BUDGET = Duration.ofSeconds(90);
    private static final int MEASURED_RUNS = 20;

    @Test
    void steadyStateRunsIntoCallerOutputsAllocateAtMostFourKilobytesEach() {
        Model model = BundledModels.load(MODEL);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (Session session = model.newSession(SessionOptions.defaults().withIntraOpThreads(1))) {
            Map<String, Tensor> inputs = Map.of("input", randomImage());
            Map<String, Tensor> outputs = session.run(inputs);
            float[] firstAnswer = outputs.get("logits").toFloatArray();
            // Until C2 has compiled the kernels, the Vector API runs its Java fallback, which boxes
            // vectors on the heap; steady state is after that, so measure windows (within a budget)
            // until one is quiet.
            long deadline = System.nanoTime() + WARM_UP_BUDGET.toNanos();
            long perRun;
            do {
                long before = threads.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < MEASURED_RUNS; i++) {
                    session.run(inputs, outputs);
                }
                perRun = (threads.getCurrentThreadAllocatedBytes() - before) / MEASURED_RUNS;
            } while (perRun > MAX_BYTES_PER_RUN && System.nanoTime() < deadline);

            // The first run may execute before C2 compiles the kernels (fused vs separate multiply-add
            // rounding), so the answers agree to float rounding, not bit for bit.
            assertThat(outputs.get("logits").toFloatArray()).as("the runs computed the answer")
                .containsExactly(firstAnswer, within(1e-4f));
            assertThat(perRun).as("bytes allocated per steady-state run of " + MODEL).isLessThanOrEqualTo(MAX_BYTES_PER_RUN);
        }
    }

    private static Tensor randomImage() {
        Random random = new Random(11);
        float[] data = new float[3 * 128 * 128];
        for (int i = 0; i < data.length; i++) {
            data[i] = random.nextFloat() * 2 - 1;
        }
        return Tensor.of(data, 1, 3, 128, 128);
    }
}
