package io.lcnnserve.core.ops.pool;

import io.lcnnserve.core.ops.NodeSpec;

/**
 * ONNX GlobalMaxPool (opset 1): the maximum over all spatial axes, X (N, C, D1...) to Y (N, C, 1...);
 * NaN propagates as in {@link MaxPool}.
 */
public class GlobalMaxPool extends GlobalPooling {

    public static GlobalMaxPool create(NodeSpec node) {
        node.requireInputs(1, 1);
        node.requireOutputs(1, 1);
        return new GlobalMaxPool();
    }

    @Override
    public String opType() {
        return "GlobalMaxPool";
    }

    @Override
    float reduce(float[] data, int start, int size) {
        float max = data[start];
        for (int i = start + 1; i < start + size; i++) {
            if (Maxima.replaces(data[i], max)) {
                max = data[i];
            }
        }
        return max;
    }
}
