package io.lcnnserve.service.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;

/**
 * Dynamic batching under concurrency. The model here waits up to 300 ms to fill a batch, so
 * concurrent requests are batched however fast one inference is (with the bundled 2 ms window a
 * fast engine finishes each request before the next one arrives).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "lcnn.model-store=${test.batching-repository}",
    "lcnn.poll-interval=0s",
    "lcnn.default-deadline=120s",
    "lcnn.warmup-runs=1",
    "lcnn.profiling.sample-rate=0"})
class DynamicBatchingTest extends ServerTestSupport {
    private static final String MODEL = "batched";
    private static final List<String> IMAGES = List.of("cat.jpg", "parrot.jpg", "bird.bmp", "grace_hopper.jpg");
    private static final Path REPOSITORY = createRepository();

    static {
        System.setProperty("test.batching-repository", REPOSITORY.toString());
    }

    private static Path createRepository() {
        try {
            Path root = Files.createTempDirectory("lcnn-batching-repo");
            Path source = Path.of("..", "models", "mobilenet_v1_0.5_160");
            Path version = Files.createDirectories(root.resolve(MODEL).resolve("1"));
            Files.copy(source.resolve("1").resolve("model.onnx"), version.resolve("model.onnx"));
            Files.copy(source.resolve("labels.txt"), root.resolve(MODEL).resolve("labels.txt"));
            Files.writeString(root.resolve(MODEL).resolve("config.yaml"), """
                input: {name: input, layout: NCHW, width: 160, height: 160}
                preprocessing: {resizeMode: DIRECT, scale: 1, mean: [128, 128, 128], std: [128, 128, 128]}
                output: {name: logits, kind: LOGITS, labelOffset: 0}
                batching: {maxBatchSize: 16, maxQueueDelay: 300ms, queueCapacity: 64}
                instances: 1
                """);
            Files.setLastModifiedTime(version.resolve("model.onnx"), java.nio.file.attribute.FileTime.fromMillis(0));
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void sixteenConcurrentRequestsRunInBatchesLargerThanOneWithTheSameAnswersAsSequentialCalls() throws Exception {
        Map<String, JsonNode> sequential = new java.util.HashMap<>();
        for (String name : IMAGES) {
            HttpResponse<String> r = post("/v1/models/" + MODEL + "/classify", "application/octet-stream", image(name));
            assertEquals(200, r.statusCode(), r.body());
            sequential.put(name, json(r).get("predictions").get(0).get("classes"));
        }
        double[] before = batchCountAndSum();
        ExecutorService clients = Executors.newFixedThreadPool(16);
        try {
            List<Future<HttpResponse<String>>> responses = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String name = IMAGES.get(i % IMAGES.size());
                responses.add(clients.submit(() -> post("/v1/models/" + MODEL + "/classify", "application/octet-stream",
                    image(name))));
            }
            for (int i = 0; i < 16; i++) {
                HttpResponse<String> r = responses.get(i).get();
                assertEquals(200, r.statusCode(), r.body());
                JsonNode classes = json(r).get("predictions").get(0).get("classes");
                JsonNode expected = sequential.get(IMAGES.get(i % IMAGES.size()));
                for (int k = 0; k < 5; k++) {
                    assertEquals(expected.get(k).get("index").asInt(), classes.get(k).get("index").asInt());
                    assertEquals(expected.get(k).get("score").asDouble(), classes.get(k).get("score").asDouble(), 1e-5);
                }
            }
        } finally {
            clients.shutdownNow();
        }
        double[] after = batchCountAndSum();
        double batches = after[0] - before[0];
        double samples = after[1] - before[1];
        assertEquals(16, samples, 0.0, "samples run");
        assertTrue(batches < 16, "16 requests ran in " + batches + " batches: some batch held more than one");
    }


    private double[] batchCountAndSum() throws Exception {
        String metrics = get("/actuator/prometheus").body();
        return new double[] {value(metrics, "lcnn_batch_size_count"), value(metrics, "lcnn_batch_size_sum")};
    }

    private static double value(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "\\{[^}]*model=\"" + MODEL + "\"[^}]*} ([0-9.eE+-]+)$")
            .matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
