package io.lcnnserve.service.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Per-layer profiles (JSON table and Chrome trace) and the static layer analysis. */
class ProfilingApiTest extends BundledServerTest {
    private static final String MODEL = "mobilenet_v1_0.25_128";

    @Test
    void profileOnARandomInputListsLayersSlowestFirstWithCostsAndTimes() throws Exception {
        HttpResponse<String> r = post("/v1/models/" + MODEL + "/profile?runs=3&warmup=1", null, new byte[0]);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode profile = json(r);
        assertEquals(3, profile.get("runs").asInt());
        assertEquals("random", profile.get("input").asString());
        JsonNode layers = profile.get("layers");
        assertTrue(layers.size() > 10, "layers: " + layers.size());
        double previous = Double.MAX_VALUE;
        double share = 0;
        for (JsonNode layer : layers) {
            double mean = layer.get("mean_ms").asDouble();
            assertTrue(mean <= previous, "sorted by time");
            previous = mean;
            share += layer.get("share").asDouble();
            for (String field : new String[] {"op", "onnx_nodes", "input_shapes", "output_shapes", "params", "macs",
                "p50_ms", "p99_ms", "gflops"}) {
                assertTrue(layer.has(field), field);
            }
        }
        assertEquals(1.0, share, 1e-3);
        assertTrue(profile.get("total_macs").asLong() > 10_000_000L, profile.get("total_macs").toString());
    }

    @Test
    void profileOnAnImageAsChromeTrace() throws Exception {
        HttpResponse<String> r = post("/v1/models/" + MODEL + "/profile?runs=2&warmup=0&format=chrome-trace",
            "image/jpeg", image("cat.jpg"));
        assertEquals(200, r.statusCode(), r.body());
        JsonNode events = json(r).get("traceEvents");
        assertTrue(events.size() > 10);
        assertEquals("X", events.get(0).get("ph").asString());
        assertTrue(events.get(0).get("dur").asDouble() >= 0);
    }

    @Test
    void layersGivesTheStaticAnalysisWithoutRunning() throws Exception {
        JsonNode layers = json(get("/v1/models/" + MODEL + "/layers?batch=2"));
        assertEquals(2, layers.get("batch").asInt());
        assertEquals(2, layers.get("layers").get(0).get("output_shapes").get(0).get(0).asInt());
        assertTrue(layers.get("total_params").asLong() > 400_000L);
        assertTrue(layers.get("layers").get(0).get("op").asString().contains("Conv"),
            layers.get("layers").get(0).toString());
    }

    @Test
    void tooManyRunsIs400() throws Exception {
        JsonNode problem = assertProblem(post("/v1/models/" + MODEL + "/profile?runs=100000", null, new byte[0]), 400,
            "invalid-request");
        assertEquals("runs must be within 1..1000, got 100000", problem.get("detail").asString());
    }
}
