package io.lcnnserve.service.api.v2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lcnnserve.service.serving.InvalidRequestException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class InferRequestParserTest {
    private final InferRequestParser parser = new InferRequestParser(JsonMapper.builder().build());

    private InferRequest parse(String json) {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8), null);
    }

    @Test
    void readsAJsonRequestWithNestedDataIdAndRequestedOutputs() {
        InferRequest r = parse("""
            {"id": "req-7", "inputs": [{"name": "input", "shape": [2, 2], "datatype": "FP32",
              "data": [[1, 2.5], [-3, 4e-1]]}],
             "outputs": [{"name": "logits", "parameters": {"classification": 3, "binary_data": false}}],
             "unknown": {"ignored": [1, 2]}}""");
        assertEquals("req-7", r.id());
        assertEquals(1, r.inputs().size());
        InferRequest.Input in = r.inputs().getFirst();
        assertEquals("input", in.name());
        assertArrayEquals(new int[] {2, 2}, in.tensor().shape());
        assertArrayEquals(new float[] {1, 2.5f, -3, 0.4f}, in.tensor().toFloatArray());
        assertEquals(new InferRequest.RequestedOutput("logits", false, 3), r.outputs().getFirst());
        assertTrue(!r.binaryOutputByDefault());
    }

    @Test
    void readsBinaryTensorDataAfterTheJsonHeader() {
        String header = """
            {"inputs":[{"name":"input","shape":[1,3],"datatype":"FP32","parameters":{"binary_data_size":12}}],
             "parameters":{"binary_data_output":true}}""";
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer floats = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.5f).putFloat(-2f).putFloat(3f);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(json);
        body.writeBytes(floats.array());
        InferRequest r = parser.parse(body.toByteArray(), json.length);
        assertArrayEquals(new float[] {1.5f, -2f, 3f}, r.inputs().getFirst().tensor().toFloatArray());
        assertTrue(r.binaryOutputByDefault());
        assertNull(r.id());
    }

    @Test
    void rejectsADataCountThatDoesNotMatchTheShape() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> parse("""
            {"inputs":[{"name":"input","shape":[1,3],"datatype":"FP32","data":[1,2]}]}"""));
        assertEquals("input 'input' has shape [1, 3] (3 elements) but 2 data values", e.getMessage());
    }

    @Test
    void rejectsNonFloatDatatypesNamingTheExpectedOne() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> parse("""
            {"inputs":[{"name":"input","shape":[1],"datatype":"INT64","data":[1]}]}"""));
        assertEquals("input 'input' has datatype INT64; lcnn-serve models take FP32 inputs", e.getMessage());
    }

    @Test
    void rejectsABinarySizeThatDisagreesWithTheShape() {
        byte[] json = """
            {"inputs":[{"name":"x","shape":[2],"datatype":"FP32","parameters":{"binary_data_size":4}}]}"""
            .getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[json.length + 4];
        System.arraycopy(json, 0, body, 0, json.length);
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> parser.parse(body, json.length));
        assertEquals("input 'x' has 2 FP32 elements (8 bytes) but binary_data_size 4", e.getMessage());
    }

    @Test
    void rejectsMalformedJsonWithTheParserMessage() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> parse("{\"inputs\": [{\"name\": \"x\", "));
        assertTrue(e.getMessage().startsWith("the inference request is not valid JSON"), e.getMessage());
    }

    @Test
    void rejectsARequestWithoutInputs() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> parse("{\"id\": \"a\"}"));
        assertEquals("the request has no 'inputs'", e.getMessage());
    }

    @Test
    void rejectsAHeaderLengthBeyondTheBody() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
            () -> parser.parse("{}".getBytes(StandardCharsets.UTF_8), 10));
        assertEquals("Inference-Header-Content-Length is 10 but the body has 2 bytes", e.getMessage());
    }

    @Test
    void rejectsANonIntegerClassificationCount() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> parse("""
            {"inputs":[{"name":"x","shape":[1],"datatype":"FP32","data":[1]}],
             "outputs":[{"name":"y","parameters":{"classification":"five"}}]}"""));
        assertEquals("output 'y': parameter classification must be a positive integer, got five", e.getMessage());
    }
}
