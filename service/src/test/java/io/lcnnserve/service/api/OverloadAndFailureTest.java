package io.lcnnserve.service.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;

/**
 * A server over a small repository made for this test: {@code tiny} (MobileNet V1 0.25 with a
 * queue of 8 and batches of 4) and {@code broken} (a corrupt ONNX file, FAILED). No management
 * token is configured. Covers 429 under overload, 503 for a failed model, and 403 for management
 * without a configured token.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "lcnn.model-store=${test.repository}",
    "lcnn.poll-interval=0s",
    "lcnn.default-deadline=120s",
    "lcnn.warmup-runs=1",
    "lcnn.strict-readiness=false",
    "lcnn.profiling.sample-rate=0"})
class OverloadAndFailureTest extends ServerTestSupport {
    private static final Path REPOSITORY = createRepository();
    private static final long OVERLOAD_SECONDS = 20;
    private static final int CLIENTS = 64;

    static {
        System.setProperty("test.repository", REPOSITORY.toString());
    }

    private static Path createRepository() {
        try {
            Path root = Files.createTempDirectory("lcnn-overload-repo");
            Path source = Path.of("..", "models", "mobilenet_v1_0.25_128");
            Path tiny = Files.createDirectories(root.resolve("tiny").resolve("1"));
            Files.copy(source.resolve("1").resolve("model.onnx"), tiny.resolve("model.onnx"));
            Files.copy(source.resolve("labels.txt"), root.resolve("tiny").resolve("labels.txt"));
            Files.writeString(root.resolve("tiny").resolve("config.yaml"), """
                input: {name: input, layout: NCHW, width: 128, height: 128}
                preprocessing: {resizeMode: DIRECT, scale: 1, mean: [128, 128, 128], std: [128, 128, 128]}
                output: {name: logits, kind: LOGITS, labelOffset: 0}
                batching: {maxBatchSize: 4, maxQueueDelay: 5ms, queueCapacity: 8}
                instances: 1
                """);
            Path broken = Files.createDirectories(root.resolve("broken").resolve("1"));
            Files.write(broken.resolve("model.onnx"), "this is not an ONNX model".getBytes(StandardCharsets.UTF_8));
            Files.writeString(root.resolve("broken").resolve("config.yaml"), "instances: 1\n");
            Files.setLastModifiedTime(tiny.resolve("model.onnx"), java.nio.file.attribute.FileTime.fromMillis(0));
            Files.setLastModifiedTime(broken.resolve("model.onnx"), java.nio.file.attribute.FileTime.fromMillis(0));
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aFailedModelIs503WithItsLoadError() throws Exception {
        JsonNode problem = assertProblem(post("/v1/models/broken/classify", "image/jpeg", image("cat.jpg")), 503,
            "model-not-ready");
        assertTrue(problem.get("detail").asString().startsWith("model 'broken' has no ready version: version 1 is FAILED"),
            problem.toString());
        assertProblem(get("/v2/models/broken/ready"), 503, "model-not-ready");
        assertEquals(200, post("/v1/models/tiny/classify", "image/jpeg", image("parrot.jpg")).statusCode());
    }

    @Test
    void managementWithoutAConfiguredTokenIsAlways403() throws Exception {
        JsonNode problem = assertProblem(post("/v2/repository/models/tiny/unload", null, new byte[0],
            "Authorization", "Bearer anything"), 403, "forbidden");
        assertTrue(problem.get("detail").asString().contains("no management token is configured"));
        assertProblem(post("/v2/repository/index", null, new byte[0]), 403, "forbidden");
        assertEquals(200, post("/v1/models/tiny/classify", "image/jpeg", image("parrot.jpg")).statusCode());
    }

    @Test
    void overloadAnswersOnly200Or429WithBoundedHeapAndLatencyRecovers() throws Exception {
        byte[] cat = image("cat.jpg");
        List<Long> before = lightLoadLatencies(cat);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long heapBefore = memory.getHeapMemoryUsage().getUsed();

        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        AtomicLong peakHeap = new AtomicLong();
        List<String> unexpected = Collections.synchronizedList(new ArrayList<>());
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(OVERLOAD_SECONDS);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        for (int c = 0; c < CLIENTS; c++) {
            clients.submit(() -> {
                while (System.nanoTime() < until) {
                    HttpResponse<String> r = post("/v1/models/tiny/classify", "image/jpeg", cat);
                    statuses.computeIfAbsent(r.statusCode(), k -> new AtomicInteger()).incrementAndGet();
                    if (r.statusCode() == 429) {
                        JsonNode problem = json(r);
                        if (r.headers().firstValue("Retry-After").isEmpty()
                            || !problem.get("type").asString().equals("urn:lcnn-serve:problem:queue-full")) {
                            unexpected.add("429 without Retry-After or queue-full type: " + r.body());
                        }
                    } else if (r.statusCode() != 200) {
                        unexpected.add(r.statusCode() + ": " + r.body());
                    }
                    peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                }
                return null;
            });
        }
        clients.shutdown();
        assertTrue(clients.awaitTermination(OVERLOAD_SECONDS + 120, TimeUnit.SECONDS), "clients finished");

        assertEquals(List.of(), unexpected);
        assertEquals(Map.of(), Map.copyOf(statuses).entrySet().stream()
            .filter(e -> e.getKey() != 200 && e.getKey() != 429)
            .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get())));
        assertTrue(statuses.getOrDefault(200, new AtomicInteger()).get() > 0, "some requests served: " + statuses);
        assertTrue(statuses.getOrDefault(429, new AtomicInteger()).get() > 0, "the full queue refused some: " + statuses);

        System.gc();
        long heapAfter = memory.getHeapMemoryUsage().getUsed();
        assertTrue(heapAfter - heapBefore < 256L << 20, "heap after the storm grew by "
            + ((heapAfter - heapBefore) >> 20) + " MB");
        assertTrue(peakHeap.get() < 3L << 30, "peak heap " + (peakHeap.get() >> 20) + " MB");

        List<Long> after = lightLoadLatencies(cat);
        long p99Before = before.get(before.size() - 1);
        long p99After = after.get(after.size() - 1);
        System.out.printf("overload: %d clients x %d s -> statuses %s; heap %d MB before, %d MB after, peak %d MB; "
                + "light-load p99 %d ms before, %d ms after%n", CLIENTS, OVERLOAD_SECONDS, statuses, heapBefore >> 20,
            heapAfter >> 20, peakHeap.get() >> 20, p99Before, p99After);
        assertTrue(p99After <= Math.max(3 * p99Before, p99Before + 500), "light-load p99 after overload " + p99After
            + " ms vs " + p99Before + " ms before (statuses " + statuses + ")");
    }

    /** Sorted latencies (ms) of sequential requests; with 20 samples the last one is the p99. */
    private List<Long> lightLoadLatencies(byte[] image) throws Exception {
        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            long start = System.nanoTime();
            HttpResponse<String> r = post("/v1/models/tiny/classify", "image/jpeg", image);
            latencies.add((System.nanoTime() - start) / 1_000_000);
            assertEquals(200, r.statusCode(), r.body());
        }
        Collections.sort(latencies);
        return latencies;
    }
}
