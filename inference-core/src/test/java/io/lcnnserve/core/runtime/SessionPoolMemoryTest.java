package io.lcnnserve.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.lcnnserve.core.tensor.Tensor;
import io.lcnnserve.core.testing.BundledModels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Sessions share their model's weights: a pool of 4 sessions of MobileNetV2 retains the weights
 * once plus one activation arena per session. Measured structurally ({@link ObjectGraph#arrayBytes}: the
 * bytes of every array reachable from the pool, each counted once), so the test is exact rather
 * than at the mercy of GC timing.
 */
class SessionPoolMemoryTest {
    private static final String MODEL = "mobilenet_v2_1.0_224";

    @Test
    void growingAPoolFromOneToFourSessionsAddsThreeArenasNotThreeWeightCopies() throws InterruptedException {
        Model model = BundledModels.load(MODEL);
        Map<String, Tensor> inputs = Map.of("input", randomImage());
        long weights = model.weightBytes();
        try (SessionPool one = model.newPool(1, SessionOptions.defaults());
             SessionPool four = model.newPool(4, SessionOptions.defaults())) {
            long arena = runEverySessionOnce(one, inputs).getFirst();
            List<Long> arenas = runEverySessionOnce(four, inputs);
            assertThat(arenas).as("every session plans the same arena").containsOnly(arena);

            long retainedByOne = ObjectGraph.arrayBytes(one);
            long retainedByFour = ObjectGraph.arrayBytes(four);
            long growth = retainedByFour - retainedByOne;
            String figures = String.format("weights %,d B, arena %,d B, pool of 1 retains %,d B, pool of 4 %,d B, growth %,d B",
                weights, arena, retainedByOne, retainedByFour, growth);

            assertThat(retainedByOne).as("the walk sees the weights and one arena: " + figures).isGreaterThanOrEqualTo(weights + arena);
            assertThat(growth).as("three more sessions add three arenas: " + figures).isGreaterThanOrEqualTo(3 * arena);
            // Per-session state beyond the arena (slot views, scratch) must stay small next to the weights:
            // a weight copy in each new session would add at least 3 x 14 MB.
            assertThat(growth - 3 * arena).as("per-session state beyond the arenas: " + figures).isLessThan(weights / 10);
        }
    }

    /** Borrows every session of the pool at once, runs each once and returns their arena sizes. */
    private static List<Long> runEverySessionOnce(SessionPool pool, Map<String, Tensor> inputs) throws InterruptedException {
        List<Session> borrowed = new ArrayList<>();
        for (int i = 0; i < pool.size(); i++) {
            borrowed.add(pool.borrow(Duration.ofSeconds(1)));
        }
        List<Long> arenas = new ArrayList<>();
        for (Session session : borrowed) {
            session.run(inputs);
            arenas.add(session.arenaBytes());
            pool.release(session);
        }
        return arenas;
    }

    private static Tensor randomImage() {
        Random random = new Random(7);
        float[] data = new float[3 * 224 * 224];
        for (int i = 0; i < data.length; i++) {
            data[i] = random.nextFloat() * 2 - 1;
        }
        return Tensor.of(data, 1, 3, 224, 224);
    }
}
