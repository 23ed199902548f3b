package io.lcnnserve.service.api.v2;

import java.util.List;

/**
 * A V2 inference response before encoding.
 *
 * @param modelName    the model that answered
 * @param modelVersion its version
 * @param id           the request's id, echoed (may be null)
 * @param outputs      the outputs, in the order the client asked for them (or the model's order)
 */
public record InferResponse(String modelName, String modelVersion, String id, List<Output> outputs) {

    /**
     * One output tensor: FP32 values or, for the classification extension, BYTES strings.
     *
     * @param binary whether it is sent in the binary section rather than as JSON {@code data}
     */
    public record Output(String name, String datatype, int[] shape, float[] floats, String[] strings, boolean binary) {

        public static Output fp32(String name, int[] shape, float[] values, boolean binary) {
            return new Output(name, "FP32", shape, values, null, binary);
        }

        public static Output bytes(String name, int[] shape, String[] values, boolean binary) {
            return new Output(name, "BYTES", shape, null, values, binary);
        }
    }
}
