package io.lcnnserve.service.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Model management: the repository extension needs the bearer token; unload and load take effect. */
class ManagementApiTest extends BundledServerTest {
    private static final String MODEL = "mobilenet_v1_0.25_128";
    private static final String[] AUTH = {"Authorization", "Bearer " + TOKEN};

    @Test
    void repositoryCallsWithoutATokenAre401AndWithAWrongTokenAre403() throws Exception {
        HttpResponse<String> missing = post("/v2/repository/models/" + MODEL + "/unload", null, new byte[0]);
        JsonNode unauthenticated = assertProblem(missing, 401, "unauthorized");
        assertEquals("Bearer realm=\"lcnn-serve management\"", missing.headers().firstValue("WWW-Authenticate").orElse(""));
        assertTrue(unauthenticated.get("detail").asString().contains("Authorization: Bearer"));
        assertProblem(post("/v2/repository/models/" + MODEL + "/load", null, new byte[0],
            "Authorization", "Bearer not-the-token"), 403, "forbidden");
        assertProblem(post("/v2/repository/index", null, new byte[0], "Authorization", "Basic dXNlcjpwYXNz"), 401,
            "unauthorized");
        assertEquals(200, post("/v1/models/" + MODEL + "/classify", "image/jpeg", image("parrot.jpg")).statusCode(),
            "refused management calls change nothing");
    }

    @Test
    void unloadMakesClassify404AndLoadServesAgain() throws Exception {
        HttpResponse<String> unload = post("/v2/repository/models/" + MODEL + "/unload", null, new byte[0], AUTH);
        assertEquals(200, unload.statusCode(), unload.body());
        try {
            JsonNode gone = assertProblem(post("/v1/models/" + MODEL + "/classify", "image/jpeg", image("parrot.jpg")),
                404, "model-not-found");
            assertTrue(gone.get("detail").asString().contains("is unloaded"), gone.toString());
            JsonNode listed = json(get("/v1/models"));
            JsonNode entry = null;
            for (JsonNode m : listed.get("models")) {
                if (m.get("name").asString().equals(MODEL)) {
                    entry = m;
                }
            }
            assertEquals("UNLOADED", entry.get("versions").get(0).get("state").asString());
        } finally {
            HttpResponse<String> load = post("/v2/repository/models/" + MODEL + "/load", null, new byte[0], AUTH);
            assertEquals(200, load.statusCode(), load.body());
            assertEquals("READY", json(load).get("versions").get(0).get("state").asString());
        }
        HttpResponse<String> again = post("/v1/models/" + MODEL + "/classify", "image/jpeg", image("parrot.jpg"));
        assertEquals(200, again.statusCode(), again.body());
        assertEquals(89, classIndices(json(again), 0).getFirst());
    }

    @Test
    void repositoryIndexListsEveryVersionWithItsState() throws Exception {
        HttpResponse<String> r = post("/v2/repository/index", null, new byte[0], AUTH);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode index = json(r);
        assertEquals(5, index.size(), r.body());
        for (JsonNode entry : index) {
            assertEquals("1", entry.get("version").asString());
            assertEquals("READY", entry.get("state").asString(), entry.toString());
        }
    }

    @Test
    void modelListShowsVersionsDigestsAndConfig() throws Exception {
        JsonNode list = json(get("/v1/models"));
        assertTrue(list.get("ready").asBoolean());
        JsonNode v2 = null;
        for (JsonNode m : list.get("models")) {
            if (m.get("name").asString().equals("mobilenet_v2_1.0_224")) {
                v2 = m;
            }
        }
        assertEquals("ce6a74780cf9794a237f7e84e31ed78f007ccb279c92bc4fc112e90d56c55c6b",
            v2.get("versions").get(0).get("sha256").asString());
        assertEquals("DIRECT", v2.get("config").get("preprocessing").get("resize").asString());
        assertEquals(224, v2.get("config").get("input").get("width").asInt());
        assertEquals("LOGITS", v2.get("config").get("output").get("kind").asString());
    }
}
