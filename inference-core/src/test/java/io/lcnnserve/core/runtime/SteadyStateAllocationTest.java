package io.lcnnserve.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lcnnserve.core.tensor.Tensor;
import io.lcnnserve.core.testing.BundledModels;
import io.lcnnserve.core.testing.SyntheticModels;
import io.lcnnserve.core.testing.SyntheticModels.Architecture;
import io.lcnnserve.core.testing.SyntheticModels.SyntheticModel;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Once a session has run an input shape, running it again into caller-owned outputs allocates
 * (almost) nothing: the arena, the plan, the slot views and the intra-op loop bodies are reused.
 * Checked for every model of the benchmark matrix (the bundled real ones and the synthetic
 * architectures) on 1 and 2 intra-op threads, batch 1 and 8, by the JVM's per-thread allocation
 * counters of every thread of the run: the caller and the session's workers. Steady state means
 * after JIT warm-up.
 */
class SteadyStateAllocationTest {
    private static final long MAX_BYTES_PER_RUN = 4096;
    /** Per case; the first case of a model also waits for C2 to compile its kernels. */
    private static final Duration WARM_UP_BUDGET = Duration.ofSeconds(60);
    private static final int RUNS_PER_WINDOW = 4;

    private static final List<String> REAL = List.of("mobilenet_v2_1.0_224", "mobilenet_v3_small_1.0_224", "squeezenet1_1");
    private static final List<Architecture> SYNTHETIC = List.of(Architecture.MOBILENET_V1, Architecture.MOBILENET_V3_LARGE,
        Architecture.SQUEEZENET1_0, Architecture.SHUFFLENET_V2_X1_0);
    private static final Map<String, Model> MODELS = new ConcurrentHashMap<>();

    static Stream<Arguments> cases() {
        Stream<String> names = Stream.concat(REAL.stream(), SYNTHETIC.stream().map(Architecture::modelName));
        return names.flatMap(name -> Stream.of(
            Arguments.of(name, 1, 1), Arguments.of(name, 2, 1), Arguments.of(name, 1, 8), Arguments.of(name, 2, 8)));
    }

    @ParameterizedTest(name = "{0}, {1} thread(s), batch {2}")
    @MethodSource("cases")
    void steadyStateRunsIntoCallerOutputsAllocateAtMostFourKilobytesOnAllThreads(String name, int threads, int batch) {
        Model model = model(name);
        Map<String, Tensor> inputs = Map.of(model.signature().inputs().get(0).name(), input(name, model, batch));
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        try (Session session = model.newSession(SessionOptions.defaults().withIntraOpThreads(threads))) {
            Map<String, Tensor> outputs = new LinkedHashMap<>(session.run(inputs));
            long[] runThreads = runThreads(before);
            assertThat(runThreads).as("the caller and the session's workers").hasSize(threads);
            float[] firstAnswer = outputs.values().iterator().next().toFloatArray();
            // Until C2 has compiled the kernels, the Vector API runs its Java fallback, which boxes
            // vectors on the heap; steady state is after that, so measure windows (within a budget)
            // until one is quiet.
            long deadline = System.nanoTime() + WARM_UP_BUDGET.toNanos();
            long perRun;
            do {
                long start = allocatedBytes(runThreads);
                for (int i = 0; i < RUNS_PER_WINDOW; i++) {
                    session.run(inputs, outputs);
                }
                perRun = (allocatedBytes(runThreads) - start) / RUNS_PER_WINDOW;
            } while (perRun > MAX_BYTES_PER_RUN && System.nanoTime() < deadline);

            // The first run may execute before C2 compiles the kernels (fused vs separate multiply-add
            // rounding), so the answers agree to float rounding, not bit for bit.
            float[] answer = outputs.values().iterator().next().toFloatArray();
            assertThat(answer).as("the runs computed the answer").containsExactly(firstAnswer, within(tolerance(firstAnswer)));
            assertThat(perRun).as("bytes allocated per steady-state run of %s on %d thread(s), batch %d", name, threads, batch)
                .isLessThanOrEqualTo(MAX_BYTES_PER_RUN);
        }
    }

    private static Model model(String name) {
        return MODELS.computeIfAbsent(name, n -> {
            for (Architecture architecture : SYNTHETIC) {
                if (architecture.modelName().equals(n)) {
                    SyntheticModel synthetic = SyntheticModels.get(architecture);
                    return OnnxModels.load(synthetic.bytes(), synthetic.name());
                }
            }
            return BundledModels.load(n);
        });
    }

    /** The synthetic suite's sample images, or seeded noise in [-1, 1) for a bundled model. */
    private static Tensor input(String name, Model model, int batch) {
        for (Architecture architecture : SYNTHETIC) {
            if (architecture.modelName().equals(name)) {
                return SyntheticModels.get(architecture).sampleInput(batch);
            }
        }
        int[] shape = model.signature().inputs().get(0).dims().stream().mapToInt(d -> d.isFixed() ? d.value() : batch).toArray();
        shape[0] = batch;
        Random random = new Random(11);
        float[] data = new float[Math.multiplyExact(Math.multiplyExact(shape[0], shape[1]), shape[2] * shape[3])];
        for (int i = 0; i < data.length; i++) {
            data[i] = random.nextFloat() * 2 - 1;
        }
        return Tensor.of(data, shape);
    }

    /** The calling thread plus the intra-op workers the session started (threads absent {@code before}). */
    private static long[] runThreads(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t == Thread.currentThread() || !before.contains(t) && t.getName().startsWith("lcnn-kernels-"))
            .mapToLong(Thread::threadId).toArray();
    }

    private static long allocatedBytes(long[] threadIds) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (long id : threadIds) {
            sum += threads.getThreadAllocatedBytes(id);
        }
        return sum;
    }

    /** Float rounding relative to the logits' magnitude. */
    private static float tolerance(float[] values) {
        float max = 0;
        for (float v : values) {
            max = Math.max(max, Math.abs(v));
        }
        return 1e-5f * Math.max(1f, max);
    }
}
