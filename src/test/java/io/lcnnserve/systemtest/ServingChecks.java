package io.lcnnserve.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Checks every way of shipping the server must pass (the jar and the Docker image): it serves the
 * bundled store and classifies the cat photo as the model's reference says.
 */
final class ServingChecks {
    static final List<String> BUNDLED_MODELS = List.of("mobilenet_v1_0.25_128", "mobilenet_v1_0.5_160",
        "mobilenet_v2_1.0_224", "mobilenet_v3_small_1.0_224", "squeezenet1_1");
    static final String MOBILENET_V2 = "mobilenet_v2_1.0_224";

    private ServingChecks() {
    }

    /** {@code GET /v1/models} lists exactly the five bundled models, each with version 1 READY. */
    static JsonNode assertServesAllBundledModels(HttpApi api) throws IOException, InterruptedException {
        HttpApi.Response ready = api.get("/v2/health/ready");
        assertEquals(200, ready.status(), ready::body);
        assertTrue(ready.json().get("ready").asBoolean(), ready::body);

        HttpApi.Response r = api.get("/v1/models");
        assertEquals(200, r.status(), r::body);
        JsonNode listing = r.json();
        assertTrue(listing.get("ready").asBoolean(), r::body);
        List<String> names = new ArrayList<>();
        for (JsonNode model : listing.get("models")) {
            names.add(model.get("name").asString());
            assertTrue(model.get("ready").asBoolean(), model::toString);
            JsonNode versions = model.get("versions");
            assertEquals(1, versions.size(), model::toString);
            assertEquals("1", versions.get(0).get("version").asString(), model::toString);
            assertEquals("READY", versions.get(0).get("state").asString(), model::toString);
            assertEquals(64, versions.get(0).get("sha256").asString().length(), model::toString);
        }
        assertEquals(BUNDLED_MODELS, names.stream().sorted().toList());
        return listing;
    }

    /**
     * {@code cat.jpg} as a raw {@code image/jpeg} body on MobileNet V2: top-1 286 "Egyptian cat" with
     * p = 0.789 and the next two classes of the model's reference (MODEL.md: 286, 282, 283).
     */
    static void assertClassifiesCatAsEgyptianCat(HttpApi api) throws IOException, InterruptedException {
        String path = "/v1/models/" + MOBILENET_V2 + "/classify?topK=5";
        HttpApi.Response r = api.post(path, "image/jpeg", HttpApi.resource("/images/cat.jpg"));
        assertEquals(200, r.status(), r::body);
        assertEquals("application/json", r.contentType().split(";")[0].trim());
        JsonNode answer = r.json();
        assertEquals(MOBILENET_V2, answer.get("model").asString());
        assertEquals("1", answer.get("version").asString());
        assertEquals(1, answer.get("predictions").size(), r::body);
        JsonNode classes = answer.get("predictions").get(0).get("classes");
        assertEquals(5, classes.size(), r::body);
        assertEquals(286, classes.get(0).get("index").asInt(), r::body);
        assertEquals("Egyptian cat", classes.get(0).get("label").asString(), r::body);
        assertEquals(0.789, classes.get(0).get("score").asDouble(), 0.01, r::body);
        assertEquals(List.of(286, 282, 283), List.of(classes.get(0).get("index").asInt(),
            classes.get(1).get("index").asInt(), classes.get(2).get("index").asInt()), r::body);
        for (int i = 1; i < classes.size(); i++) {
            assertTrue(classes.get(i).get("score").asDouble() <= classes.get(i - 1).get("score").asDouble(), r::body);
        }
        for (String stage : List.of("decode", "preprocess", "queue", "inference")) {
            assertTrue(answer.get("timings_ms").get(stage).asDouble() >= 0, r::body);
        }
    }
}
