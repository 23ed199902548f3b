package io.lcnnserve.service.api.v2;

import io.lcnnserve.core.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * A parsed KServe V2 / Open Inference Protocol inference request.
 *
 * @param id         the client's request id, echoed in the response (may be null)
 * @param parameters request-level parameters (e.g. {@code binary_data_output})
 * @param inputs     the input tensors, decoded from JSON {@code data} or the binary section
 * @param outputs    the outputs the client asked for; empty = every output
 */
public record InferRequest(String id, Map<String, Object> parameters, List<Input> inputs, List<RequestedOutput> outputs) {

    public InferRequest {
        parameters = Map.copyOf(parameters);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /** Whether the client asked for every output in the binary tensor format by default. */
    public boolean binaryOutputByDefault() {
        return Boolean.TRUE.equals(parameters.get("binary_data_output"));
    }

    /**
     * One input tensor.
     *
     * @param datatype the V2 datatype the client declared (FP32, INT64, ...)
     * @param tensor   its values (float32) with the declared shape
     */
    public record Input(String name, String datatype, Tensor tensor) {
    }

    /**
     * One requested output.
     *
     * @param binaryData     true/false to force the binary or JSON encoding, null = the request default
     * @param classification top-K classification ("score:index:label" strings) instead of the raw tensor; null = raw
     */
    public record RequestedOutput(String name, Boolean binaryData, Integer classification) {
    }
}
