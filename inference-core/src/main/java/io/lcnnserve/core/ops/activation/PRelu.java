package io.lcnnserve.core.ops.activation;

import io.lcnnserve.core.ops.NodeSpec;
import io.lcnnserve.core.ops.Op;
import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.ops.TensorInfo;
import io.lcnnserve.core.ops.elementwise.Broadcast;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * ONNX PRelu: {@code x} for {@code x >= 0}, else {@code slope * x}, with the slope broadcast
 * unidirectionally to X (opset 7+). Opsets 1–6 predate numpy broadcasting and describe the
 * slope per channel: a 1-D slope whose length is X's channel count (axis 1) applies per
 * channel, as PyTorch's exporter relies on; any other slope broadcasts as from opset 7.
 */
public final class PRelu implements Op {
    private final boolean channelSlope;

    private PRelu(NodeSpec node) {
        node.requireInputs(2, 2);
        node.requireOutputs(1, 1);
        this.channelSlope = node.opset() < 7;
        if (node.opset() < 6) {
            // consumed_inputs (opset 1) was a memory-reuse hint for the producing framework.
            node.attributes().ignore("consumed_inputs");
        }
    }

    public static Op create(NodeSpec node) {
        return new PRelu(node);
    }

    @Override
    public String opType() {
        return "PRelu";
    }

    @Override
    public List<TensorInfo> inferOutputs(List<TensorInfo> inputs) {
        TensorInfo x = inputs.get(0);
        TensorInfo slope = inputs.get(1);
        UnaryFloatOp.requireFloat(x, "X");
        UnaryFloatOp.requireFloat(slope, "slope");
        Broadcast.requireUnidirectional(slopeShape(slope.shape(), x.shape()), x.shape(), "slope");
        return List.of(TensorInfo.of(DataType.FLOAT, x.shape()));
    }

    @Override
    public void eval(Tensor[] inputs, Tensor[] outputs) {
        Tensor x = inputs[0];
        Tensor slope = inputs[1];
        Tensor y = outputs[0];
        float[] xs = x.floats();
        float[] ss = slope.floats();
        float[] ys = y.floats();
        int xo = x.offset();
        int so = slope.offset();
        int yo = y.offset();
        int[] shape = x.shape();
        int[][] shapes = {shape, slopeShape(slope.shape(), shape)};
        Broadcast.forEachRow(shape, shapes, (o, s, st, n) -> {
            for (int i = 0; i < n; i++) {
                float v = xs[xo + s[0] + i * st[0]];
                ys[yo + o + i] = v < 0 ? ss[so + s[1] + i * st[1]] * v : v;
            }
        });
    }

    /** The slope's shape as broadcasting sees it: [C, 1, ..., 1] for a legacy per-channel slope. */
    private int[] slopeShape(int[] slope, int[] x) {
        if (channelSlope && slope.length == 1 && x.length >= 2 && slope[0] == x[1] && slope[0] != 1) {
            int[] aligned = new int[x.length - 1];
            Arrays.fill(aligned, 1);
            aligned[0] = slope[0];
            return aligned;
        }
        return slope;
    }
}
