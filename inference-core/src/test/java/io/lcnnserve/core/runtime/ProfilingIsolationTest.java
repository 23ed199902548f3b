package io.lcnnserve.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.lcnnserve.core.profile.Profiler;
import io.lcnnserve.core.tensor.Tensor;
import io.lcnnserve.core.testing.BundledModels;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Profiling is a per-session switch: no profiler is reachable from a session without it, not even
 * through the model it shares with a profiling sibling, so profiling one session cannot slow
 * another through shared state (the latency side is measured by the
 * benchmarks' ProfilingIsolationBenchmark).
 */
class ProfilingIsolationTest {
    private static final String MODEL = "mobilenet_v1_0.25_128";

    @Test
    void aSessionWithoutProfilingHoldsNoProfilerWhileASiblingProfiles() {
        Model model = BundledModels.load(MODEL);
        Map<String, Tensor> inputs = Map.of("input", Tensor.zeros(io.lcnnserve.core.tensor.DataType.FLOAT, 1, 3, 128, 128));
        try (Session profiled = model.newSession(SessionOptions.defaults().withProfiling(true));
             Session plain = model.newSession(SessionOptions.defaults())) {
            profiled.run(inputs);
            plain.run(inputs);

            assertThat(ObjectGraph.instancesOf(profiled, Profiler.class)).as("profilers reachable from the profiled session").hasSize(1);
            assertThat(profiled.profile()).isPresent();
            assertThat(ObjectGraph.instancesOf(plain, Profiler.class)).as("profilers reachable from the plain session").isEmpty();
            assertThat(plain.profile()).isEmpty();
        }
    }
}
