package io.lcnnserve.service.api.v2;

import io.lcnnserve.core.tensor.Shapes;
import io.lcnnserve.core.tensor.Tensor;
import io.lcnnserve.service.serving.InvalidRequestException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads V2 inference requests: the JSON form, and the binary tensor extension where the body is a
 * JSON header of {@code Inference-Header-Content-Length} bytes followed by the raw tensors of the
 * inputs that declare a {@code binary_data_size} parameter, in input order.
 *
 * <p>Tensor values are streamed straight into float arrays (no JSON tree per element). Only FP32
 * tensors are accepted: every lcnn-serve model takes float32 inputs.
 */
public final class InferRequestParser {
    private final JsonMapper mapper;

    public InferRequestParser(JsonMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * @param body         the whole request body
     * @param headerLength the JSON header length for the binary extension, or null for a pure JSON body
     * @throws InvalidRequestException naming the field that is wrong
     */
    public InferRequest parse(byte[] body, Integer headerLength) {
        int jsonLength = headerLength == null ? body.length : headerLength;
        if (jsonLength < 0 || jsonLength > body.length) {
            throw new InvalidRequestException("Inference-Header-Content-Length is " + jsonLength + " but the body has "
                + body.length + " bytes");
        }
        BinarySection binary = new BinarySection(body, jsonLength);
        try (JsonParser p = mapper.createParser(body, 0, jsonLength)) {
            InferRequest request = readRequest(p, binary);
            if (binary.position != body.length) {
                throw new InvalidRequestException("the binary section has " + (body.length - jsonLength)
                    + " bytes but the inputs' binary_data_size parameters account for " + (binary.position - jsonLength));
            }
            return request;
        } catch (JacksonException e) {
            throw new InvalidRequestException("the inference request is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private InferRequest readRequest(JsonParser p, BinarySection binary) {
        expect(p, p.nextToken(), JsonToken.START_OBJECT, "the request");
        String id = null;
        Map<String, Object> parameters = Map.of();
        List<InferRequest.Input> inputs = null;
        List<InferRequest.RequestedOutput> outputs = List.of();
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "id" -> id = scalarText(p, value, "id");
                case "parameters" -> parameters = readParameters(p, value, "parameters");
                case "inputs" -> inputs = readArray(p, value, "inputs", () -> readInput(p, binary));
                case "outputs" -> outputs = readArray(p, value, "outputs", () -> readOutput(p));
                default -> p.skipChildren();
            }
        }
        if (inputs == null || inputs.isEmpty()) {
            throw new InvalidRequestException("the request has no 'inputs'");
        }
        return new InferRequest(id, parameters, inputs, outputs);
    }

    private InferRequest.Input readInput(JsonParser p, BinarySection binary) {
        expect(p, p.currentToken(), JsonToken.START_OBJECT, "an element of 'inputs'");
        String name = null;
        String datatype = null;
        int[] shape = null;
        Map<String, Object> parameters = Map.of();
        FloatList data = null;
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "name" -> name = scalarText(p, value, "inputs[].name");
                case "datatype" -> datatype = scalarText(p, value, "inputs[].datatype");
                case "shape" -> shape = readShape(p, value);
                case "parameters" -> parameters = readParameters(p, value, "inputs[].parameters");
                case "data" -> {
                    data = new FloatList();
                    readNumbers(p, value, data, name);
                }
                default -> p.skipChildren();
            }
        }
        if (name == null) {
            throw new InvalidRequestException("an input has no 'name'");
        }
        if (shape == null) {
            throw new InvalidRequestException("input '" + name + "' has no 'shape'");
        }
        if (datatype == null) {
            throw new InvalidRequestException("input '" + name + "' has no 'datatype'");
        }
        if (!"FP32".equals(datatype)) {
            throw new InvalidRequestException("input '" + name + "' has datatype " + datatype
                + "; lcnn-serve models take FP32 inputs");
        }
        int count = elementCount(name, shape);
        Object binarySize = parameters.get("binary_data_size");
        float[] values;
        if (binarySize != null) {
            if (data != null) {
                throw new InvalidRequestException("input '" + name + "' has both 'data' and a binary_data_size parameter");
            }
            values = binary.readFloats(name, binarySize, count);
        } else if (data != null) {
            if (data.size != count) {
                throw new InvalidRequestException("input '" + name + "' has shape " + Arrays.toString(shape) + " ("
                    + count + " elements) but " + data.size + " data values");
            }
            values = data.toArray();
        } else {
            throw new InvalidRequestException("input '" + name + "' has neither 'data' nor a binary_data_size parameter");
        }
        return new InferRequest.Input(name, datatype, Tensor.of(values, shape));
    }

    private InferRequest.RequestedOutput readOutput(JsonParser p) {
        expect(p, p.currentToken(), JsonToken.START_OBJECT, "an element of 'outputs'");
        String name = null;
        Map<String, Object> parameters = Map.of();
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "name" -> name = scalarText(p, value, "outputs[].name");
                case "parameters" -> parameters = readParameters(p, value, "outputs[].parameters");
                default -> p.skipChildren();
            }
        }
        if (name == null) {
            throw new InvalidRequestException("a requested output has no 'name'");
        }
        Object binary = parameters.get("binary_data");
        if (binary != null && !(binary instanceof Boolean)) {
            throw new InvalidRequestException("output '" + name + "': parameter binary_data must be true or false, got "
                + binary);
        }
        Object classification = parameters.get("classification");
        Integer topK = null;
        if (classification != null) {
            if (!(classification instanceof Long k) || k < 1 || k > Integer.MAX_VALUE) {
                throw new InvalidRequestException("output '" + name
                    + "': parameter classification must be a positive integer, got " + classification);
            }
            topK = (int) (long) k;
        }
        return new InferRequest.RequestedOutput(name, (Boolean) binary, topK);
    }

    private static int[] readShape(JsonParser p, JsonToken token) {
        expect(p, token, JsonToken.START_ARRAY, "'shape'");
        List<Integer> dims = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
                throw new InvalidRequestException("'shape' must be an array of integers, found " + p.currentToken());
            }
            long d = p.getLongValue();
            if (d < 0 || d > Integer.MAX_VALUE) {
                throw new InvalidRequestException("'shape' has an invalid dimension " + d);
            }
            dims.add((int) d);
        }
        return dims.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Flattens (possibly nested) arrays of numbers in row-major order. */
    private static void readNumbers(JsonParser p, JsonToken token, FloatList into, String input) {
        expect(p, token, JsonToken.START_ARRAY, "'data' of input '" + input + "'");
        int depth = 1;
        while (depth > 0) {
            JsonToken t = p.nextToken();
            switch (t) {
                case START_ARRAY -> depth++;
                case END_ARRAY -> depth--;
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> into.add(p.getFloatValue());
                default -> throw new InvalidRequestException("'data' of input '" + input
                    + "' must hold numbers, found " + t);
            }
        }
    }

    private static Map<String, Object> readParameters(JsonParser p, JsonToken token, String where) {
        expect(p, token, JsonToken.START_OBJECT, "'" + where + "'");
        Map<String, Object> parameters = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            switch (value) {
                case VALUE_TRUE, VALUE_FALSE -> parameters.put(name, p.getBooleanValue());
                case VALUE_NUMBER_INT -> parameters.put(name, p.getLongValue());
                case VALUE_NUMBER_FLOAT -> parameters.put(name, p.getDoubleValue());
                case VALUE_STRING -> parameters.put(name, p.getString());
                case VALUE_NULL -> { }
                default -> throw new InvalidRequestException("parameter '" + name + "' in '" + where
                    + "' must be a boolean, number or string");
            }
        }
        return parameters;
    }

    private static String scalarText(JsonParser p, JsonToken token, String field) {
        if (token != JsonToken.VALUE_STRING && token != JsonToken.VALUE_NUMBER_INT) {
            throw new InvalidRequestException("'" + field + "' must be a string, found " + token);
        }
        return p.getString();
    }

    private static <T> List<T> readArray(JsonParser p, JsonToken token, String field, java.util.function.Supplier<T> element) {
        expect(p, token, JsonToken.START_ARRAY, "'" + field + "'");
        List<T> items = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            items.add(element.get());
        }
        return items;
    }

    private static void expect(JsonParser p, JsonToken actual, JsonToken expected, String what) {
        if (actual != expected) {
            throw new InvalidRequestException(what + " must be a JSON " + (expected == JsonToken.START_ARRAY ? "array"
                : "object") + ", found " + (actual == null ? "end of input" : actual));
        }
    }

    private static int elementCount(String name, int[] shape) {
        try {
            return Shapes.elementCount(shape);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("input '" + name + "': " + e.getMessage());
        }
    }

    /** The raw tensor bytes after the JSON header, consumed in input order. */
    private static final class BinarySection {
        final byte[] body;
        int position;

        BinarySection(byte[] body, int start) {
            this.body = body;
            this.position = start;
        }

        float[] readFloats(String input, Object declaredSize, int count) {
            if (!(declaredSize instanceof Long size) || size < 0) {
                throw new InvalidRequestException("input '" + input + "': binary_data_size must be a non-negative integer, "
                    + "got " + declaredSize);
            }
            if (size != (long) count * Float.BYTES) {
                throw new InvalidRequestException("input '" + input + "' has " + count + " FP32 elements ("
                    + (long) count * Float.BYTES + " bytes) but binary_data_size " + size);
            }
            if (position + size > body.length) {
                throw new InvalidRequestException("input '" + input + "' declares " + size + " binary bytes but only "
                    + (body.length - position) + " remain in the body");
            }
            float[] values = new float[count];
            ByteBuffer.wrap(body, position, (int) (long) size).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
            position += (int) (long) size;
            return values;
        }
    }

    /** A growable float array for streamed tensor data. */
    private static final class FloatList {
        float[] values = new float[1024];
        int size;

        void add(float v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, values.length * 2);
            }
            values[size++] = v;
        }

        float[] toArray() {
            return size == values.length ? values : Arrays.copyOf(values, size);
        }
    }
}
