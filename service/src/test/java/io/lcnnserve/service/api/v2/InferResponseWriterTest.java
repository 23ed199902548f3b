package io.lcnnserve.service.api.v2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class InferResponseWriterTest {
    private final JsonMapper mapper = JsonMapper.builder().build();
    private final InferResponseWriter writer = new InferResponseWriter(mapper);

    @Test
    void writesJsonOutputsWithEchoedId() {
        InferResponseWriter.Encoded encoded = writer.write(new InferResponse("m", "1", "abc", List.of(
            InferResponse.Output.fp32("logits", new int[] {1, 2}, new float[] {0.5f, -1f}, false),
            InferResponse.Output.bytes("logits", new int[] {1, 1}, new String[] {"0.500000:0:background"}, false))));
        assertNull(encoded.headerLength());
        JsonNode json = mapper.readTree(encoded.body());
        assertEquals("m", json.get("model_name").asString());
        assertEquals("1", json.get("model_version").asString());
        assertEquals("abc", json.get("id").asString());
        assertEquals("[1,2]", json.get("outputs").get(0).get("shape").toString());
        assertEquals("[0.5,-1.0]", json.get("outputs").get(0).get("data").toString());
        assertEquals("BYTES", json.get("outputs").get(1).get("datatype").asString());
        assertEquals("0.500000:0:background", json.get("outputs").get(1).get("data").get(0).asString());
    }

    @Test
    void writesBinaryOutputsAfterTheHeaderInOrder() {
        InferResponseWriter.Encoded encoded = writer.write(new InferResponse("m", "2", null, List.of(
            InferResponse.Output.fp32("a", new int[] {2}, new float[] {1f, 2f}, true),
            InferResponse.Output.bytes("b", new int[] {1}, new String[] {"xy"}, true))));
        int header = encoded.headerLength();
        JsonNode json = mapper.readTree(Arrays.copyOf(encoded.body(), header));
        assertEquals(8, json.get("outputs").get(0).get("parameters").get("binary_data_size").asInt());
        assertEquals(6, json.get("outputs").get(1).get("parameters").get("binary_data_size").asInt());
        ByteBuffer rest = ByteBuffer.wrap(encoded.body(), header, encoded.body().length - header)
            .order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(1f, rest.getFloat());
        assertEquals(2f, rest.getFloat());
        assertEquals(2, rest.getInt());
        byte[] text = new byte[2];
        rest.get(text);
        assertEquals("xy", new String(text, StandardCharsets.UTF_8));
        assertEquals(0, rest.remaining());
    }
}
