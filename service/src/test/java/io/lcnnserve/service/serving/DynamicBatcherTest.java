package io.lcnnserve.service.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lcnnserve.core.tensor.Tensor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DynamicBatcherTest {
    private static final Deadline GENEROUS = Deadline.after(Duration.ofSeconds(20));

    private final List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());
    private final ExecutorService clients = Executors.newFixedThreadPool(16);
    private DynamicBatcher batcher;

    @AfterEach
    void tearDown() {
        clients.shutdownNow();
        if (batcher != null) {
            batcher.close(Duration.ofSeconds(5));
        }
    }

    /** Doubles every element and records the batch size; each row keeps its values. */
    private Map<String, Tensor> doubling(Map<String, Tensor> inputs) {
        Tensor x = inputs.get("x");
        batchSizes.add(x.dim(0));
        float[] out = x.toFloatArray();
        for (int i = 0; i < out.length; i++) {
            out[i] *= 2;
        }
        return Map.of("y", Tensor.of(out, x.shape()));
    }

    private static Map<String, Tensor> sample(float value, int samples) {
        float[] data = new float[samples * 3];
        for (int i = 0; i < data.length; i++) {
            data[i] = value + i;
        }
        return Map.of("x", Tensor.of(data, samples, 3));
    }

    @Test
    void concurrentRequestsShareBatchesAndEachGetsItsOwnRows() throws Exception {
        batcher = new DynamicBatcher("m", 1, new BatchingPolicy(8, Duration.ofMillis(200), 64, 1), this::doubling,
            BatchObserver.NONE);
        List<Future<InferenceResult>> results = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            float value = i * 100;
            results.add(clients.submit(() -> batcher.infer(sample(value, 1), GENEROUS)));
        }
        for (int i = 0; i < 16; i++) {
            InferenceResult r = results.get(i).get(20, TimeUnit.SECONDS);
            assertArrayEquals(new float[] {2 * i * 100, 2 * (i * 100 + 1), 2 * (i * 100 + 2)},
                r.outputs().get("y").toFloatArray());
            assertArrayEquals(new int[] {1, 3}, r.outputs().get("y").shape());
        }
        assertTrue(batchSizes.stream().anyMatch(n -> n > 1), "expected a batch > 1, got " + batchSizes);
        assertEquals(16, batchSizes.stream().mapToInt(Integer::intValue).sum());
        assertTrue(batchSizes.stream().allMatch(n -> n <= 8), "batches must respect the max size: " + batchSizes);
    }

    @Test
    void aLoneRequestRunsAfterTheQueueDelayWithoutWaitingForMore() throws Exception {
        batcher = new DynamicBatcher("m", 1, new BatchingPolicy(8, Duration.ofMillis(5), 8, 1), this::doubling,
            BatchObserver.NONE);
        InferenceResult r = batcher.infer(sample(1, 2), GENEROUS);
        assertArrayEquals(new float[] {2, 4, 6, 8, 10, 12}, r.outputs().get("y").toFloatArray());
        assertEquals(2, r.batchSamples());
    }

    @Test
    void aFullQueueRefusesWithARetryHint() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        batcher = new DynamicBatcher("m", 1, new BatchingPolicy(1, Duration.ZERO, 2, 1), inputs -> {
            release.await();
            return doubling(inputs);
        }, BatchObserver.NONE);
        Future<InferenceResult> running = clients.submit(() -> batcher.infer(sample(0, 1), GENEROUS));
        awaitCondition(() -> batcher.runningBatches() == 1);
        Future<InferenceResult> queued1 = clients.submit(() -> batcher.infer(sample(1, 1), GENEROUS));
        Future<InferenceResult> queued2 = clients.submit(() -> batcher.infer(sample(2, 1), GENEROUS));
        awaitCondition(() -> batcher.queueDepth() == 2);

        QueueFullException e = assertThrows(QueueFullException.class, () -> batcher.infer(sample(3, 1), GENEROUS));
        assertTrue(e.retryAfterSeconds() >= 1);
        assertTrue(e.getMessage().contains("'m' version 1 is full (2 requests waiting)"), e.getMessage());

        release.countDown();
        assertEquals(0f, running.get(5, TimeUnit.SECONDS).outputs().get("y").toFloatArray()[0]);
        assertEquals(2f, queued1.get(5, TimeUnit.SECONDS).outputs().get("y").toFloatArray()[0]);
        assertEquals(4f, queued2.get(5, TimeUnit.SECONDS).outputs().get("y").toFloatArray()[0]);
    }

    @Test
    void aReservationHeldWhileDecodingCountsAgainstTheQueue() {
        batcher = new DynamicBatcher("m", 1, new BatchingPolicy(1, Duration.ZERO, 1, 1), this::doubling,
            BatchObserver.NONE);
        try (DynamicBatcher.Reservation held = batcher.reserve()) {
            assertThrows(QueueFullException.class, batcher::reserve);
        }
        try (DynamicBatcher.Reservation again = batcher.reserve()) {
            assertTrue(again != null);
        }
    }

    @Test
    void aRequestWhoseDeadlinePassesWhileQueuedNeverRuns() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<Float> seen = Collections.synchronizedList(new ArrayList<>());
        batcher = new DynamicBatcher("m", 1, new BatchingPolicy(1, Duration.ZERO, 8, 1), inputs -> {
            seen.add(inputs.get("x").toFloatArray()[0]);
            release.await();
            return doubling(inputs);
        }, BatchObserver.NONE);
        Future<InferenceResult> blocker = clients.submit(() -> batcher.infer(sample(0, 1), GENEROUS));
        awaitCondition(() -> batcher.runningBatches() == 1);

        DeadlineExceededException e = assertThrows(DeadlineExceededException.class,
            () -> batcher.infer(sample(7, 1), Deadline.after(Duration.ofMillis(100))));
        assertTrue(e.getMessage().contains("deadline of 100 ms (still queued)"), e.getMessage());
        assertEquals(0, batcher.queueDepth());

        release.countDown();
        blocker.get(5, TimeUnit.SECONDS);
        assertEquals(8f, batcher.infer(sample(4, 1), GENEROUS).outputs().get("y").toFloatArray()[0]);
        assertEquals(List.of(0f, 4f), seen);
    }

    @Test
    void aBatchLargerThanTheModelMaximumIsRejected() {
        batcher = new DynamicBatcher("m", 3, new BatchingPolicy(4, Duration.ZERO, 8, 1), this::doubling,
            BatchObserver.NONE);
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
            () -> batcher.infer(sample(0, 5), GENEROUS));
        assertEquals("batch size 5 is outside 1..4 (the max batch size of model 'm' version 3)", e.getMessage());
    }

    @Test
    void requestsWithDifferentSampleShapesAreNeverMixed() throws Exception {
        batcher = new DynamicBatcher("m", 1, new BatchingPolicy(8, Duration.ofMillis(150), 16, 1), this::doubling,
            BatchObserver.NONE);
        Future<InferenceResult> a = clients.submit(() -> batcher.infer(sample(1, 1), GENEROUS));
        Future<InferenceResult> b = clients.submit(
            () -> batcher.infer(Map.of("x", Tensor.of(new float[] {1, 2}, 1, 2)), GENEROUS));
        Future<InferenceResult> c = clients.submit(() -> batcher.infer(sample(5, 1), GENEROUS));
        assertArrayEquals(new float[] {2, 4, 6}, a.get(5, TimeUnit.SECONDS).outputs().get("y").toFloatArray());
        assertArrayEquals(new float[] {2, 4}, b.get(5, TimeUnit.SECONDS).outputs().get("y").toFloatArray());
        assertArrayEquals(new float[] {10, 12, 14}, c.get(5, TimeUnit.SECONDS).outputs().get("y").toFloatArray());
        assertEquals(3, batchSizes.stream().mapToInt(Integer::intValue).sum());
        assertTrue(batchSizes.size() >= 2, "the [1, 2] request needs its own batch: " + batchSizes);
    }

    @Test
    void aFailingBatchFailsEveryRequestInItAndTheBatcherKeepsServing() throws Exception {
        batcher = new DynamicBatcher("m", 1, new BatchingPolicy(8, Duration.ofMillis(100), 16, 1), inputs -> {
            if (inputs.get("x").toFloatArray()[0] < 0) {
                throw new IllegalStateException("node Conv_3 failed");
            }
            return doubling(inputs);
        }, BatchObserver.NONE);
        ExecutionException e = assertThrows(ExecutionException.class,
            () -> clients.submit(() -> batcher.infer(sample(-1, 1), GENEROUS)).get(5, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, e.getCause());
        assertEquals("node Conv_3 failed", e.getCause().getMessage());
        assertEquals(6f, batcher.infer(sample(3, 1), GENEROUS).outputs().get("y").toFloatArray()[0]);
    }

    @Test
    void closingFinishesQueuedWorkAndThenRefusesNewRequests() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        batcher = new DynamicBatcher("m", 1, new BatchingPolicy(1, Duration.ZERO, 8, 1), inputs -> {
            release.await();
            return doubling(inputs);
        }, BatchObserver.NONE);
        List<Future<InferenceResult>> inFlight = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            float value = i;
            inFlight.add(clients.submit(() -> batcher.infer(sample(value, 1), GENEROUS)));
        }
        awaitCondition(() -> batcher.queueDepth() == 3);
        Thread closer = Thread.ofPlatform().start(() -> batcher.close(Duration.ofSeconds(10)));
        awaitCondition(() -> {
            try {
                batcher.reserve().close();
                return false;
            } catch (ModelNotReadyException refused) {
                return true;
            }
        });
        release.countDown();
        closer.join(10_000);
        for (int i = 0; i < 4; i++) {
            assertEquals(2f * i, inFlight.get(i).get(5, TimeUnit.SECONDS).outputs().get("y").toFloatArray()[0]);
        }
        assertThrows(ModelNotReadyException.class, () -> batcher.infer(sample(0, 1), GENEROUS));
    }

    @Test
    void observerSeesEverySample() throws Exception {
        List<int[]> observed = Collections.synchronizedList(new ArrayList<>());
        batcher = new DynamicBatcher("m", 1, new BatchingPolicy(8, Duration.ofMillis(50), 16, 2), this::doubling,
            (samples, requests, nanos, failed) -> observed.add(new int[] {samples, requests, failed ? 1 : 0}));
        List<Future<InferenceResult>> results = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            results.add(clients.submit(() -> batcher.infer(sample(0, 2), GENEROUS)));
        }
        for (Future<InferenceResult> r : results) {
            r.get(5, TimeUnit.SECONDS);
        }
        assertEquals(12, observed.stream().mapToInt(o -> o[0]).sum());
        assertEquals(6, observed.stream().mapToInt(o -> o[1]).sum());
        assertTrue(observed.stream().noneMatch(o -> o[2] == 1));
    }

    private static void awaitCondition(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("condition not reached within 10 s");
            }
            Thread.sleep(5);
        }
    }
}
