package io.lcnnserve.service.api.v2;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * Encodes V2 inference responses: plain JSON, or with the binary tensor extension a JSON header
 * (its length in {@code Inference-Header-Content-Length}) followed by the binary outputs in order.
 * FP32 is little-endian; BYTES elements are each a 4-byte little-endian length and the UTF-8 bytes.
 */
public final class InferResponseWriter {
    private final JsonMapper mapper;

    public InferResponseWriter(JsonMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * @param body         the full response body
     * @param headerLength the JSON header's length if any output is binary, else null
     */
    public record Encoded(byte[] body, Integer headerLength) {
    }

    public Encoded write(InferResponse response) {
        List<byte[]> binaries = new ArrayList<>();
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        try (JsonGenerator g = mapper.createGenerator(json)) {
            g.writeStartObject();
            g.writeStringProperty("model_name", response.modelName());
            g.writeStringProperty("model_version", response.modelVersion());
            if (response.id() != null) {
                g.writeStringProperty("id", response.id());
            }
            g.writeName("outputs");
            g.writeStartArray();
            for (InferResponse.Output output : response.outputs()) {
                g.writeStartObject();
                g.writeStringProperty("name", output.name());
                g.writeStringProperty("datatype", output.datatype());
                g.writeName("shape");
                g.writeArray(output.shape(), 0, output.shape().length);
                if (output.binary()) {
                    byte[] raw = output.floats() != null ? floatBytes(output.floats()) : stringBytes(output.strings());
                    binaries.add(raw);
                    g.writeName("parameters");
                    g.writeStartObject();
                    g.writeNumberProperty("binary_data_size", raw.length);
                    g.writeEndObject();
                } else {
                    g.writeName("data");
                    g.writeStartArray();
                    if (output.floats() != null) {
                        for (float v : output.floats()) {
                            g.writeNumber(v);
                        }
                    } else {
                        for (String s : output.strings()) {
                            g.writeString(s);
                        }
                    }
                    g.writeEndArray();
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        if (binaries.isEmpty()) {
            return new Encoded(json.toByteArray(), null);
        }
        int headerLength = json.size();
        binaries.forEach(json::writeBytes);
        return new Encoded(json.toByteArray(), headerLength);
    }

    private static byte[] floatBytes(float[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        return buffer.array();
    }

    private static byte[] stringBytes(String[] values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer length = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        for (String s : values) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            length.clear();
            length.putInt(utf8.length);
            out.writeBytes(length.array());
            out.writeBytes(utf8);
        }
        return out.toByteArray();
    }
}
