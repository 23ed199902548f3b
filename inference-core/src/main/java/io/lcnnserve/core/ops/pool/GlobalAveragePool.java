package io.lcnnserve.core.ops.pool;

import io.lcnnserve.core.ops.NodeSpec;
import io.lcnnserve.core.ops.Op;
import io.lcnnserve.core.ops.TensorInfo;
import io.lcnnserve.core.tensor.Tensor;
import java.util.List;

/** ONNX GlobalAveragePool (opset 1): the mean over all spatial axes, X (N, C, D1...) to Y (N, C, 1...). */
public class GlobalAveragePool implements Op {

    public static GlobalAveragePool create(NodeSpec node) {
        node.requireInputs(1, 1);
        node.requireOutputs(1, 1);
        return new GlobalAveragePool();
    }

    @Override
    public String opType() {
        return "GlobalAveragePool";
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
            double sum = 0;
            for (int i = 0; i < planeSize; i++) {
                sum += xData[xBase + i];
            }
            y.floats()[y.offset() + plane] = (float) (sum / planeSize);
        }
    }
}
