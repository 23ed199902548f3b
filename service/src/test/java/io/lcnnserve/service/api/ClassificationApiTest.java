package io.lcnnserve.service.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lcnnserve.core.runtime.Session;
import io.lcnnserve.core.tensor.Tensor;
import io.lcnnserve.service.imaging.ImageDecoder;
import io.lcnnserve.core.testing.Npy;
import io.lcnnserve.service.serving.ModelServing;
import io.lcnnserve.service.serving.VersionServer;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Every bundled real-weight model classifies the four test photos with the top-1 its MODEL.md
 * lists (exactly where MODEL.md marks the image resize-stable, else inside our top-5), through
 * multipart, raw-body and V2 inference; V2 logits equal the core's for the same tensor.
 */
class ClassificationApiTest extends BundledServerTest {
    private static final List<String> IMAGES = List.of("cat.jpg", "grace_hopper.jpg", "parrot.jpg", "bird.bmp");

    /** MODEL.md expectations: image -> {top-1 index, 1 if marked resize-stable}. */
    private static final Map<String, Map<String, int[]>> EXPECTED = Map.of(
        "mobilenet_v2_1.0_224", Map.of("cat.jpg", new int[] {286, 1}, "grace_hopper.jpg", new int[] {653, 1},
            "parrot.jpg", new int[] {89, 1}, "bird.bmp", new int[] {20, 1}),
        "mobilenet_v3_small_1.0_224", Map.of("cat.jpg", new int[] {286, 0}, "grace_hopper.jpg", new int[] {653, 0},
            "parrot.jpg", new int[] {89, 0}, "bird.bmp", new int[] {20, 0}),
        "squeezenet1_1", Map.of("cat.jpg", new int[] {285, 0}, "grace_hopper.jpg", new int[] {667, 0},
            "parrot.jpg", new int[] {88, 0}, "bird.bmp", new int[] {19, 0}),
        "mobilenet_v1_0.5_160", Map.of("cat.jpg", new int[] {286, 1}, "grace_hopper.jpg", new int[] {401, 0},
            "parrot.jpg", new int[] {89, 1}, "bird.bmp", new int[] {20, 1}),
        "mobilenet_v1_0.25_128", Map.of("cat.jpg", new int[] {286, 0}, "grace_hopper.jpg", new int[] {401, 1},
            "parrot.jpg", new int[] {89, 1}, "bird.bmp", new int[] {20, 0}));

    @Autowired
    ModelServing serving;

    @Autowired
    ImageDecoder decoder;

    static Stream<Arguments> models() {
        return EXPECTED.keySet().stream().sorted().map(Arguments::of);
    }

    private static void assertExpected(String model, String image, List<Integer> top5) {
        int[] expected = EXPECTED.get(model).get(image);
        if (expected[1] == 1) {
            assertEquals(expected[0], top5.getFirst(), model + " top-1 of " + image + " (resize-stable), top-5 " + top5);
        } else {
            assertTrue(top5.contains(expected[0]), model + ": " + expected[0] + " not in the top-5 " + top5 + " of " + image);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void multipartWithFourImagesGivesFourPredictionsMatchingModelMd(String model) throws Exception {
        Map<String, byte[]> images = new LinkedHashMap<>();
        IMAGES.forEach(name -> images.put(name, image(name)));
        Multipart body = multipart(images);
        HttpResponse<String> r = post("/v1/models/" + model + "/classify?topK=5", body.contentType(), body.body());
        assertEquals(200, r.statusCode(), r.body());
        JsonNode response = json(r);
        assertEquals(model, response.get("model").asString());
        assertEquals("1", response.get("version").asString());
        assertEquals(4, response.get("predictions").size());
        for (int i = 0; i < IMAGES.size(); i++) {
            assertEquals(5, response.get("predictions").get(i).get("classes").size());
            assertExpected(model, IMAGES.get(i), classIndices(response, i));
        }
        JsonNode first = response.get("predictions").get(0).get("classes").get(0);
        assertTrue(first.get("score").asDouble() > 0 && first.get("score").asDouble() <= 1, "softmax probability");
        assertTrue(first.get("label").asString().contains("cat"), first.toString());
        for (String phase : List.of("decode", "preprocess", "queue", "inference")) {
            assertTrue(response.get("timings_ms").get(phase).asDouble() >= 0, phase);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void rawBodiesClassifyEachImageLikeModelMd(String model) throws Exception {
        for (String name : IMAGES) {
            String type = name.endsWith(".bmp") ? "image/bmp" : "image/jpeg";
            HttpResponse<String> r = post("/v1/models/" + model + "/versions/1/classify", type, image(name));
            assertEquals(200, r.statusCode(), r.body());
            JsonNode response = json(r);
            assertEquals(1, response.get("predictions").size());
            assertExpected(model, name, classIndices(response, 0));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void v2BinaryInferenceOfTheFourImagesEqualsTheCoreAndMatchesModelMd(String model) throws Exception {
        VersionServer server = serving.server(model, null);
        List<io.lcnnserve.service.imaging.RgbImage> decoded = new ArrayList<>();
        for (String name : IMAGES) {
            decoded.add(decoder.decode(image(name)));
        }
        Tensor batch = server.preprocessor().preprocessBatch(decoded);
        float[] data = batch.toFloatArray();
        int[] shape = batch.shape();

        String header = "{\"id\":\"v2-" + model + "\",\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":"
            + java.util.Arrays.toString(shape) + ",\"parameters\":{\"binary_data_size\":" + data.length * 4 + "}}],"
            + "\"outputs\":[{\"name\":\"logits\",\"parameters\":{\"binary_data\":true}}]}";
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer tensor = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        tensor.asFloatBuffer().put(data);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(json);
        body.writeBytes(tensor.array());
        HttpResponse<byte[]> r = postForBytes("/v2/models/" + model + "/infer", "application/octet-stream",
            body.toByteArray(), "Inference-Header-Content-Length", Integer.toString(json.length));
        assertEquals(200, r.statusCode(), () -> new String(r.body(), StandardCharsets.UTF_8));
        int headerLength = Integer.parseInt(r.headers().firstValue("Inference-Header-Content-Length").orElseThrow());
        JsonNode meta = JSON.readTree(java.util.Arrays.copyOf(r.body(), headerLength));
        assertEquals("v2-" + model, meta.get("id").asString());
        JsonNode out = meta.get("outputs").get(0);
        int classes = out.get("shape").get(1).asInt();
        assertEquals(4, out.get("shape").get(0).asInt());
        float[] logits = new float[4 * classes];
        ByteBuffer.wrap(r.body(), headerLength, r.body().length - headerLength).order(ByteOrder.LITTLE_ENDIAN)
            .asFloatBuffer().get(logits);

        float[] core;
        try (Session session = server.loaded().model().newSession()) {
            core = session.run(Map.of("input", batch)).get("logits").toFloatArray();
        }
        assertArrayEquals(core, logits, 1e-4f, "V2 logits vs the core's for the same tensor");
        for (int i = 0; i < IMAGES.size(); i++) {
            float[] row = java.util.Arrays.copyOfRange(logits, i * classes, (i + 1) * classes);
            List<Integer> top5 = java.util.Arrays.stream(
                io.lcnnserve.service.serving.InferenceService.topIndices(row, 5)).boxed().toList();
            assertExpected(model, IMAGES.get(i), top5);
        }
    }

    @Test
    void v2JsonClassificationExtensionReturnsScoreIndexLabelStrings() throws Exception {
        VersionServer server = serving.server("mobilenet_v2_1.0_224", null);
        Tensor input = server.preprocessor().preprocess(decoder.decode(image("parrot.jpg")));
        StringBuilder values = new StringBuilder();
        for (float v : input.toFloatArray()) {
            values.append(values.isEmpty() ? "" : ",").append(v);
        }
        String request = "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1,3,224,224],\"data\":["
            + values + "]}],\"outputs\":[{\"name\":\"logits\",\"parameters\":{\"classification\":3}}]}";
        HttpResponse<String> r = post("/v2/models/mobilenet_v2_1.0_224/versions/1/infer", "application/json",
            request.getBytes(StandardCharsets.UTF_8));
        assertEquals(200, r.statusCode(), r.body());
        JsonNode out = json(r).get("outputs").get(0);
        assertEquals("BYTES", out.get("datatype").asString());
        assertEquals("[1,3]", out.get("shape").toString());
        String[] best = out.get("data").get(0).asString().split(":", 3);
        assertEquals("89", best[1]);
        assertEquals("macaw", best[2]);
        assertTrue(Double.parseDouble(best[0]) > 5, "raw logit of the best class: " + best[0]);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mobilenet_v2_1.0_224", "mobilenet_v3_small_1.0_224", "squeezenet1_1"})
    void referenceInputGivesTheReferenceLogitsThroughV2(String model) throws Exception {
        Tensor input = Npy.readResource("/reference/" + model + "/input_cat.npy");
        Tensor expected = Npy.readResource("/reference/" + model + "/logits_cat.npy");
        StringBuilder values = new StringBuilder();
        for (float v : input.toFloatArray()) {
            values.append(values.isEmpty() ? "" : ",").append(v);
        }
        String request = "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1,3,224,224],\"data\":["
            + values + "]}]}";
        HttpResponse<String> r = post("/v2/models/" + model + "/infer", "application/json",
            request.getBytes(StandardCharsets.UTF_8));
        assertEquals(200, r.statusCode(), r.body());
        JsonNode data = json(r).get("outputs").get(0).get("data");
        float[] logits = new float[data.size()];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = data.get(i).floatValue();
        }
        assertArrayEquals(expected.toFloatArray(), logits, 1e-3f, model + " logits vs logits_cat.npy");
    }

    @Test
    void preprocessingOfCatBmpMatchesTheReferenceTensorsThroughTheServersPipeline() {
        for (String model : List.of("mobilenet_v2_1.0_224", "mobilenet_v3_small_1.0_224", "squeezenet1_1")) {
            float[] expected = Npy.readResource("/reference/" + model + "/input_cat.npy").toFloatArray();
            float[] ours = serving.server(model, null).preprocessor().preprocess(decoder.decode(image("cat.bmp")))
                .toFloatArray();
            assertEquals(expected.length, ours.length);
            double step = model.startsWith("squeezenet") ? 1 / (255 * 0.225) : 1 / 127.0;
            int within = 0;
            for (int i = 0; i < ours.length; i++) {
                if (Math.abs(ours[i] - expected[i]) <= step + 1e-6) {
                    within++;
                }
            }
            assertTrue(within >= 0.99 * ours.length, model + ": " + within + " of " + ours.length
                + " elements within one uint8 step");
        }
    }
}
