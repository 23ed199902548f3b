package io.lcnnserve.core.ops.pool;

import io.lcnnserve.core.ops.NodeSpec;
import io.lcnnserve.core.ops.Op;
import io.lcnnserve.core.ops.TensorInfo;
import io.lcnnserve.core.tensor.Tensor;
import java.util.List;

/**
 * ONNX GlobalMaxPool (opset 1): the maximum over all spatial axes, X (N, C, D1...) to Y (N, C, 1...);
 * NaN propagates as in {@link MaxPool}.
 */
public class GlobalMaxPool implements Op {

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
    public List<TensorInfo> inferOutputs(List<TensorInfo> inputs) {
        return List.of(GlobalPooling.outputInfo(inputs.get(0)));
    }

    @Override
    public void eval(Tensor[] inputs, Tensor[] outputs) {
        Tensor x = inputs[0];
        Tensor y = outputs[0];
        float[] xData = x.floats();
        int planes = x.dim(0) * x.dim(1);
        if (planes == 0) {
            return;
        }
        int planeSize = x.size() / planes;
        for (int plane = 0; plane < planes; plane++) {
            int xBase = x.offset() + plane * planeSize;
            float max = xData[xBase];
            for (int i = 1; i < planeSize; i++) {
                if (Maxima.replaces(xData[xBase + i], max)) {
                    max = xData[xBase + i];
                }
            }
            y.floats()[y.offset() + plane] = max;
        }
    }
}
