package io.lcnnserve.systemtest;

import static io.lcnnserve.systemtest.HttpApi.assertProblem;
import static io.lcnnserve.systemtest.ServingChecks.BUNDLED_MODELS;
import static io.lcnnserve.systemtest.ServingChecks.MOBILENET_V2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lcnnserve.core.tensor.Tensor;
import io.lcnnserve.core.testing.Npy;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The packaged jar started the way the README says, with no options but a port: it serves the
 * bundled model store; the checks are what a client and an operator see over HTTP.
 */
class BundledStoreSystemTest {
    private static final String CAT_TENSOR = "/reference/" + MOBILENET_V2 + "/input_cat.npy";
    private static final String CAT_LOGITS = "/reference/" + MOBILENET_V2 + "/logits_cat.npy";

    private static ServerProcess server;
    private static HttpApi api;

    @BeforeAll
    static void startServer() throws Exception {
        server = ServerProcess.start("bundled-store").awaitReady();
        api = server.api();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void startsWithTheBundledStoreAndReportsAllFiveModelsReady() throws Exception {
        JsonNode listing = ServingChecks.assertServesAllBundledModels(api);
        assertEquals(ServerProcess.repositoryRoot().resolve("models").toString(), listing.get("store").asString());
    }

    @Test
    void classifiesCatJpegSentAsRawBodyAsEgyptianCat() throws Exception {
        ServingChecks.assertClassifiesCatAsEgyptianCat(api);
    }

    @Test
    void classifiesEveryImagePartOfAMultipartRequest() throws Exception {
        String boundary = "system-test-boundary";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (String image : List.of("cat.jpg", "parrot.jpg")) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"" + image
                + "\"\r\nContent-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes(HttpApi.resource("/images/" + image));
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));

        HttpApi.Response r = api.post("/v1/models/" + MOBILENET_V2 + "/classify?topK=1",
            "multipart/form-data; boundary=" + boundary, body.toByteArray());

        assertEquals(200, r.status(), r::body);
        JsonNode predictions = r.json().get("predictions");
        assertEquals(2, predictions.size(), r::body);
        assertEquals(286, predictions.get(0).get("classes").get(0).get("index").asInt(), r::body);
        assertEquals("Egyptian cat", predictions.get(0).get("classes").get(0).get("label").asString(), r::body);
        assertEquals(89, predictions.get(1).get("classes").get(0).get("index").asInt(), r::body);
        assertEquals("macaw", predictions.get(1).get("classes").get(0).get("label").asString(), r::body);
    }

    @Test
    void v2InferOnAJsonTensorReturnsTheReferenceLogits() throws Exception {
        HttpApi.Response metadata = api.get("/v2/models/" + MOBILENET_V2);
        assertEquals(200, metadata.status(), metadata::body);
        JsonNode input = metadata.json().get("inputs").get(0);
        assertEquals("input", input.get("name").asString());
        assertEquals("FP32", input.get("datatype").asString());
        assertEquals("[-1,3,224,224]", input.get("shape").toString());

        Tensor cat = Npy.readResource(CAT_TENSOR);
        String request = HttpApi.toJson(Map.of("id", "system-test-1",
            "inputs", List.of(Map.of("name", "input", "datatype", "FP32",
                "shape", Arrays.stream(cat.shape()).boxed().toList(), "data", cat.toFloatArray()))));
        HttpApi.Response r = api.postJson("/v2/models/" + MOBILENET_V2 + "/infer", request);

        assertEquals(200, r.status(), r::body);
        JsonNode answer = r.json();
        assertEquals(MOBILENET_V2, answer.get("model_name").asString());
        assertEquals("1", answer.get("model_version").asString());
        assertEquals("system-test-1", answer.get("id").asString());
        JsonNode logits = answer.get("outputs").get(0);
        assertEquals("logits", logits.get("name").asString());
        assertEquals("FP32", logits.get("datatype").asString());
        assertEquals("[1,1001]", logits.get("shape").toString());
        float[] expected = Npy.readResource(CAT_LOGITS).toFloatArray();
        assertEquals(expected.length, logits.get("data").size());
        int argmax = 0;
        for (int i = 0; i < expected.length; i++) {
            float actual = logits.get("data").get(i).floatValue();
            assertEquals(expected[i], actual, 1e-3f, "logit " + i);
            argmax = actual > logits.get("data").get(argmax).floatValue() ? i : argmax;
        }
        assertEquals(286, argmax);
    }

    @Test
    void v2InferWithTheClassificationExtensionNamesTheTopClasses() throws Exception {
        Tensor cat = Npy.readResource(CAT_TENSOR);
        String request = HttpApi.toJson(Map.of(
            "inputs", List.of(Map.of("name", "input", "datatype", "FP32",
                "shape", Arrays.stream(cat.shape()).boxed().toList(), "data", cat.toFloatArray())),
            "outputs", List.of(Map.of("name", "logits", "parameters", Map.of("classification", 2)))));
        HttpApi.Response r = api.postJson("/v2/models/" + MOBILENET_V2 + "/infer", request);

        assertEquals(200, r.status(), r::body);
        JsonNode output = r.json().get("outputs").get(0);
        assertEquals("BYTES", output.get("datatype").asString(), r::body);
        assertEquals("[1,2]", output.get("shape").toString(), r::body);
        String[] best = output.get("data").get(0).asString().split(":", 3);
        assertEquals(List.of("286", "Egyptian cat"), List.of(best[1], best[2]), r::body);
        assertEquals(Npy.readResource(CAT_LOGITS).toFloatArray()[286], Float.parseFloat(best[0]), 1e-3f, r::body);
        assertTrue(output.get("data").get(1).asString().matches("[-0-9.eE]+:282:tabby, tabby cat"), r::body);
    }

    @Test
    void unknownModelIsAProblem404AndTheServerKeepsServing() throws Exception {
        String path = "/v1/models/resnet9000/classify";
        JsonNode problem = assertProblem(api.post(path, "image/jpeg", HttpApi.resource("/images/cat.jpg")),
            404, "model-not-found", path);
        assertEquals("model 'resnet9000' is not in the repository; available models: " + BUNDLED_MODELS,
            problem.get("detail").asString());

        ServingChecks.assertClassifiesCatAsEgyptianCat(api);
    }

    @Test
    void unsupportedMediaTypeIsAProblem415AndTheServerKeepsServing() throws Exception {
        String path = "/v1/models/" + MOBILENET_V2 + "/classify";
        JsonNode problem = assertProblem(api.post(path, "text/plain", "a cat".getBytes(StandardCharsets.UTF_8)),
            415, "unsupported-media-type", path);
        assertTrue(problem.get("detail").asString().contains("text/plain"), problem::toString);

        ServingChecks.assertClassifiesCatAsEgyptianCat(api);
    }

    @Test
    void prometheusEndpointExposesTheServersMetricsAfterTraffic() throws Exception {
        ServingChecks.assertClassifiesCatAsEgyptianCat(api);

        HttpApi.Response r = api.get("/actuator/prometheus");

        assertEquals(200, r.status(), r::body);
        assertTrue(r.contentType().startsWith("text/plain") || r.contentType().startsWith("application/openmetrics-text"),
            r.contentType());
        PrometheusScrape scrape = PrometheusScrape.parse(r.body());
        String[] classifyOnV2 = {"model", MOBILENET_V2, "version", "1"};
        assertTrue(scrape.sum("lcnn_requests_total", "model", MOBILENET_V2, "version", "1", "endpoint", "classify",
            "outcome", "success") >= 1, () -> scrape.find("lcnn_requests_total").toString());
        for (String histogram : List.of("lcnn_request_duration_seconds_count", "lcnn_queue_duration_seconds_count",
            "lcnn_preprocess_duration_seconds_count", "lcnn_inference_duration_seconds_count", "lcnn_batch_size_count")) {
            assertTrue(scrape.sum(histogram, "model", MOBILENET_V2) >= 1, () -> histogram + ": " + scrape.find(histogram));
        }
        for (String gauge : List.of("lcnn_queue_depth", "lcnn_sessions_busy", "lcnn_sessions_idle")) {
            assertFalse(scrape.find(gauge, classifyOnV2).isEmpty(), () -> gauge + ": " + scrape.find(gauge));
        }
        for (String model : BUNDLED_MODELS) {
            assertFalse(scrape.find("lcnn_model_state", "model", model, "version", "1").isEmpty(),
                () -> model + ": " + scrape.find("lcnn_model_state"));
            assertEquals(0, scrape.sum("lcnn_model_load_failures_total", "model", model), model);
        }
        assertFalse(scrape.find("jvm_memory_used_bytes").isEmpty(), "standard JVM metrics");
        assertFalse(scrape.find("process_cpu_usage").isEmpty(), "standard process metrics");
    }

    @Test
    void livenessAndReadinessProbesAreUp() throws Exception {
        HttpApi.Response liveness = api.get("/actuator/health/liveness");
        assertEquals(200, liveness.status(), liveness::body);
        assertEquals("UP", liveness.json().get("status").asString(), liveness::body);

        HttpApi.Response readiness = api.get("/actuator/health/readiness");
        assertEquals(200, readiness.status(), readiness::body);
        JsonNode health = readiness.json();
        assertEquals("UP", health.get("status").asString(), readiness::body);
        JsonNode models = health.get("components").get("models");
        assertEquals("UP", models.get("status").asString(), readiness::body);
        for (String model : BUNDLED_MODELS) {
            assertEquals("1:READY", models.get("details").get(model).asString(), readiness::body);
        }

        HttpApi.Response live = api.get("/v2/health/live");
        assertEquals(200, live.status(), live::body);
        assertTrue(live.json().get("live").asBoolean(), live::body);
    }

    @Test
    void actuatorExposesOnlyHealthPrometheusAndInfo() throws Exception {
        HttpApi.Response index = api.get("/actuator");
        assertEquals(200, index.status(), index::body);
        List<String> links = new ArrayList<>(index.json().get("_links").propertyNames());
        links.removeIf(link -> link.equals("self") || link.startsWith("health"));
        assertEquals(List.of("info", "prometheus"), links.stream().sorted().toList(), index::body);
        for (String hidden : List.of("/actuator/env", "/actuator/beans", "/actuator/heapdump")) {
            assertEquals(404, api.get(hidden).status(), hidden);
        }
    }
}
