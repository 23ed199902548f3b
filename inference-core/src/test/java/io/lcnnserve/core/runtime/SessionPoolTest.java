package io.lcnnserve.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lcnnserve.core.testing.BundledModels;
import io.lcnnserve.core.tensor.Tensor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A pool shares one model between threads and gives every thread exactly the single-threaded answer. */
class SessionPoolTest {
    private static final String MODEL = "mobilenet_v1_0.25_128";
    private static Model model;
    private static List<Tensor> inputs;
    private static List<float[]> expected;

    @BeforeAll
    static void computeSingleThreadedAnswers() {
        model = BundledModels.load(MODEL);
        inputs = new ArrayList<>();
        expected = new ArrayList<>();
        Random random = new Random(42);
        try (Session session = model.newSession()) {
            for (int i = 0; i < 8; i++) {
                float[] data = new float[3 * 128 * 128];
                for (int j = 0; j < data.length; j++) {
                    data[j] = random.nextFloat() * 2 - 1;
                }
                Tensor input = Tensor.of(data, 1, 3, 128, 128);
                inputs.add(input);
                expected.add(session.run(Map.of("input", input)).get("logits").toFloatArray());
            }
        }
    }

    @Test
    void eightThreadsOnAPoolOfTwoGetExactlyTheSingleThreadedAnswers() throws Exception {
        try (SessionPool pool = model.newPool(2, SessionOptions.defaults())) {
            ExecutorService threads = Executors.newFixedThreadPool(8);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                results.add(threads.submit(() -> {
                    start.await();
                    int checked = 0;
                    for (int run = 0; run < 6; run++) {
                        int which = (thread + run) % inputs.size();
                        Tensor out = pool.run(Map.of("input", inputs.get(which)), Duration.ofSeconds(60)).get("logits");
                        assertArrayEquals(expected.get(which), out.toFloatArray(), 0f,
                            "thread " + thread + " run " + run + " input " + which);
                        checked++;
                    }
                    return checked;
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> f : results) {
                total += f.get();
            }
            threads.shutdown();
            assertThat(total).isEqualTo(48);
            assertThat(pool.inUse()).isZero();
            assertThat(pool.waiting()).isZero();
        }
    }

    @Test
    void borrowTimesOutWithAClearMessageWhenAllSessionsAreBusy() throws InterruptedException {
        try (SessionPool pool = model.newPool(1, SessionOptions.defaults())) {
            Session held = pool.borrow(Duration.ofSeconds(1));
            PoolTimeoutException e = assertThrows(PoolTimeoutException.class, () -> pool.borrow(Duration.ofMillis(50)));
            assertThat(e.getMessage()).contains(MODEL).contains("50 ms").contains("all 1 busy");
            assertThat(pool.inUse()).isEqualTo(1);
            pool.release(held);
            assertThat(pool.inUse()).isZero();
            Session again = pool.borrow(Duration.ofMillis(50));
            assertThat(again).isSameAs(held);
            pool.release(again);
        }
    }

    @Test
    void releasingTwiceOrAForeignSessionIsRefused() throws InterruptedException {
        try (SessionPool pool = model.newPool(1, SessionOptions.defaults()); Session foreign = model.newSession()) {
            Session s = pool.borrow(Duration.ofSeconds(1));
            pool.release(s);
            assertThrows(IllegalStateException.class, () -> pool.release(s));
            assertThrows(IllegalArgumentException.class, () -> pool.release(foreign));
        }
    }

    @AfterAll
    static void noLeakedState() {
        assertThat(model.weightBytes()).isGreaterThan(1_000_000);
    }
}
