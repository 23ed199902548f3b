package io.lcnnserve.service.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Dynamic batching under concurrency, and the Prometheus metrics the traffic leaves behind. */
class BatchingAndMetricsTest extends BundledServerTest {
    private static final String MODEL = "mobilenet_v1_0.5_160";
    private static final List<String> IMAGES = List.of("cat.jpg", "parrot.jpg", "bird.bmp", "grace_hopper.jpg");

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

    @Test
    void prometheusExposesEveryServingMetricWithItsLabelsAfterTraffic() throws Exception {
        String model = "mobilenet_v2_1.0_224";
        String metrics = "";
        String layerSeries = "lcnn_layer_duration_seconds_count{";
        for (int i = 0; i < 30 && !hasSeries(metrics, layerSeries, "model=\"" + model + "\""); i++) {
            assertEquals(200, post("/v1/models/" + model + "/classify", "image/jpeg", image("cat.jpg")).statusCode());
            metrics = get("/actuator/prometheus").body();
        }
        assertEquals(404, post("/v1/models/unknown-model/classify", "image/jpeg", image("cat.jpg")).statusCode());
        metrics = get("/actuator/prometheus").body();

        assertSeries(metrics, "lcnn_requests_total", "model", model, "version", "1", "endpoint", "classify",
            "outcome", "success");
        assertSeries(metrics, "lcnn_requests_total", "model", "_unknown", "endpoint", "classify", "outcome", "not_found");
        assertSeries(metrics, "lcnn_request_duration_seconds_bucket", "model", model, "endpoint", "classify", "le", "0.1");
        assertSeries(metrics, "lcnn_queue_duration_seconds_bucket", "model", model);
        assertSeries(metrics, "lcnn_preprocess_duration_seconds_bucket", "model", model);
        assertSeries(metrics, "lcnn_inference_duration_seconds_bucket", "model", model);
        assertSeries(metrics, "lcnn_batch_size_bucket", "model", model, "le", "1.0");
        assertSeries(metrics, "lcnn_queue_depth", "model", model, "version", "1");
        assertSeries(metrics, "lcnn_sessions_busy", "model", model, "version", "1");
        assertSeries(metrics, "lcnn_sessions_idle", "model", model, "version", "1");
        assertTrue(Pattern.compile("(?m)^lcnn_model_state\\{[^}]*model=\"" + Pattern.quote(model)
            + "\"[^}]*state=\"READY\"[^}]*version=\"1\"[^}]*} 1\\.0$").matcher(metrics).find(), "READY state gauge is 1");
        assertSeries(metrics, "lcnn_model_load_failures_total", "model", model);
        assertTrue(hasSeries(metrics, layerSeries, "model=\"" + model + "\"", "layer=\"", "op=\""),
            "sampled per-layer times of " + model);
        assertSeries(metrics, "jvm_memory_used_bytes");
        assertSeries(metrics, "process_cpu_usage");
    }

    @Test
    void actuatorExposesHealthProbesPrometheusAndInfoOnly() throws Exception {
        assertEquals(200, get("/actuator/health/readiness").statusCode());
        assertEquals(200, get("/actuator/health/liveness").statusCode());
        assertTrue(get("/actuator/health").body().contains("\"models\""));
        assertEquals(200, get("/actuator/info").statusCode());
        assertEquals(404, get("/actuator/env").statusCode());
        assertEquals(404, get("/actuator/beans").statusCode());
    }

    @Test
    void openApiDescribesTheApi() throws Exception {
        JsonNode api = json(get("/v3/api-docs"));
        for (String path : List.of("/v1/models/{model}/classify", "/v2/models/{model}/infer", "/v1/models",
            "/v2/repository/models/{model}/load", "/v1/models/{model}/profile", "/v2/health/ready")) {
            assertTrue(api.get("paths").has(path), "OpenAPI lacks " + path);
        }
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

    private static boolean hasSeries(String metrics, String prefix, String... fragments) {
        return metrics.lines().anyMatch(line -> line.startsWith(prefix)
            && java.util.Arrays.stream(fragments).allMatch(line::contains));
    }

    private static void assertSeries(String metrics, String name, String... labels) {
        for (String line : metrics.split("\n")) {
            if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
                continue;
            }
            boolean all = true;
            for (int i = 0; i < labels.length; i += 2) {
                all &= line.contains(labels[i] + "=\"" + labels[i + 1] + "\"");
            }
            if (all) {
                return;
            }
        }
        throw new AssertionError("no " + name + " series with labels " + java.util.Arrays.toString(labels));
    }
}
