package io.lcnnserve.service.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The Prometheus metrics that traffic leaves behind. */
class BatchingAndMetricsTest extends BundledServerTest {

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
