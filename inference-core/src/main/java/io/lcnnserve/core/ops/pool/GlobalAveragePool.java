package io.lcnnserve.core.ops.pool;

import io.lcnnserve.core.ops.NodeSpec;

/** ONNX GlobalAveragePool (opset 1): the mean over all spatial axes, X (N, C, D1...) to Y (N, C, 1...). */
public class GlobalAveragePool extends GlobalPooling {

    public static GlobalAveragePool create(NodeSpec node) {
        node.requireInputs(1, 1);
        node.requireOutputs(1, 1);
        return new GlobalAveragePool();
    }

    @Override
    public String opType() {
        return "GlobalAveragePool";
    }

    /** The mean, summed in double precision. */
    @Override
    float reduce(float[] data, int start, int size) {
        double sum = 0;
        for (int i = start; i < start + size; i++) {
            sum += data[i];
        }
        return (float) (sum / size);
    }
}
