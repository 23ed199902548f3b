package io.lcnnserve.service.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * One test per error status of the bundled server, each asserting the status and the
 * problem+json fields; after every one the server still classifies correctly. (429 and 503 need
 * a tiny queue and a broken model: see {@link OverloadAndFailureTest}; 401/403 see
 * {@link ManagementApiTest}.)
 */
class ErrorResponsesTest extends BundledServerTest {
    private static final String CLASSIFY = "/v1/models/mobilenet_v2_1.0_224/classify";

    @AfterEach
    void stillClassifiesCorrectly() throws Exception {
        HttpResponse<String> r = post(CLASSIFY, "image/jpeg", image("parrot.jpg"));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(89, classIndices(json(r), 0).getFirst());
    }

    @Test
    void undecodableImageIs400() throws Exception {
        byte[] broken = new byte[2000];
        broken[0] = (byte) 0xff;
        broken[1] = (byte) 0xd8;
        broken[2] = (byte) 0xff;
        JsonNode problem = assertProblem(post(CLASSIFY, "image/jpeg", broken), 400, "undecodable-image");
        assertTrue(problem.get("detail").asString().startsWith("cannot decode JPEG image of 2000 bytes"),
            problem.toString());
        assertEquals("mobilenet_v2_1.0_224", problem.get("model").asString());
    }

    @Test
    void wrongTensorShapeIs400WithTheExpectedSignature() throws Exception {
        String request = "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1,3,2,2],"
            + "\"data\":[0,0,0,0,0,0,0,0,0,0,0,0]}]}";
        JsonNode problem = assertProblem(post("/v2/models/mobilenet_v2_1.0_224/infer", "application/json",
            request.getBytes(StandardCharsets.UTF_8)), 400, "invalid-request");
        assertEquals("input 'input' must have shape [N, 3, 224, 224] (FP32), got [1, 3, 2, 2]",
            problem.get("detail").asString());
    }

    @Test
    void wrongTensorNameAndDatatypeAre400() throws Exception {
        JsonNode name = assertProblem(post("/v2/models/mobilenet_v2_1.0_224/infer", "application/json",
            "{\"inputs\":[{\"name\":\"pixels\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1]}]}"
                .getBytes(StandardCharsets.UTF_8)), 400, "invalid-request");
        assertEquals("model 'mobilenet_v2_1.0_224' has no input 'pixels'; its inputs are input: FP32 [N, 3, 224, 224]",
            name.get("detail").asString());
        JsonNode type = assertProblem(post("/v2/models/mobilenet_v2_1.0_224/infer", "application/json",
            "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"INT64\",\"shape\":[1],\"data\":[1]}]}"
                .getBytes(StandardCharsets.UTF_8)), 400, "invalid-request");
        assertEquals("input 'input' has datatype INT64; lcnn-serve models take FP32 inputs", type.get("detail").asString());
    }

    @Test
    void badQueryParameterIs400() throws Exception {
        JsonNode problem = assertProblem(post(CLASSIFY + "?topK=0", "image/jpeg", image("cat.jpg")), 400,
            "invalid-request");
        assertEquals("topK must be within 1..100, got 0", problem.get("detail").asString());
    }

    @Test
    void unknownModelVersionAndPathAre404() throws Exception {
        JsonNode model = assertProblem(post("/v1/models/resnet9000/classify", "image/jpeg", image("cat.jpg")), 404,
            "model-not-found");
        assertTrue(model.get("detail").asString().startsWith("model 'resnet9000' is not in the repository; available "
            + "models: [mobilenet_v1_0.25_128,"), model.toString());
        JsonNode version = assertProblem(post("/v1/models/mobilenet_v2_1.0_224/versions/7/classify", "image/jpeg",
            image("cat.jpg")), 404, "model-not-found");
        assertEquals("model 'mobilenet_v2_1.0_224' has no version 7; its versions are [1]",
            version.get("detail").asString());
        assertProblem(get("/v2/models/resnet9000"), 404, "model-not-found");
        assertProblem(get("/v1/no-such-endpoint"), 404, "not-found");
    }

    @Test
    void oversizedBodyIs413() throws Exception {
        byte[] big = new byte[5 * 1024 * 1024];
        big[0] = (byte) 0xff;
        JsonNode problem = assertProblem(post(CLASSIFY, "image/jpeg", big), 413, "payload-too-large");
        assertEquals("the image is 5242880 bytes; the limit is 4194304 bytes", problem.get("detail").asString());
    }

    @Test
    void decompressionBombIs413BeforeDecoding() throws Exception {
        JsonNode problem = assertProblem(post(CLASSIFY, "image/png", pngHeader(30000, 30000)), 413, "image-too-large");
        assertTrue(problem.get("detail").asString().contains("30000x30000"), problem.toString());
    }

    @Test
    void unsupportedMediaTypeIs415() throws Exception {
        JsonNode declared = assertProblem(post(CLASSIFY, "text/plain", "hello".getBytes(StandardCharsets.UTF_8)), 415,
            "unsupported-media-type");
        assertTrue(declared.get("detail").asString().contains("text/plain"), declared.toString());
        JsonNode sniffed = assertProblem(post(CLASSIFY, "image/png", "GIF-ish text".getBytes(StandardCharsets.UTF_8)),
            415, "unsupported-media-type");
        assertTrue(sniffed.get("detail").asString().startsWith("unsupported image format"), sniffed.toString());
    }

    @Test
    void missedDeadlineIs504() throws Exception {
        JsonNode problem = assertProblem(post(CLASSIFY, "image/jpeg", image("grace_hopper.jpg"),
            "X-Request-Timeout-Ms", "1"), 504, "deadline-exceeded");
        assertTrue(problem.get("detail").asString().contains("deadline of 1 ms"), problem.toString());
    }

    @Test
    void malformedDeadlineHeaderIs400() throws Exception {
        JsonNode problem = assertProblem(post(CLASSIFY, "image/jpeg", image("cat.jpg"), "X-Request-Timeout-Ms", "soon"),
            400, "invalid-request");
        assertEquals("X-Request-Timeout-Ms must be a whole number of milliseconds, got 'soon'",
            problem.get("detail").asString());
    }

    /** A PNG whose IHDR declares {@code width x height}, with no pixel data: a decompression bomb's header. */
    private static byte[] pngHeader(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(17);
        ihdr.put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(width).putInt(height)
            .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        CRC32 crc = new CRC32();
        crc.update(ihdr.array());
        out.writeBytes(ByteBuffer.allocate(4).putInt(13).array());
        out.writeBytes(ihdr.array());
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
        return out.toByteArray();
    }
}
