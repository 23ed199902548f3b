package io.lcnnserve.core.ops.shape;

import io.lcnnserve.core.ops.NodeSpec;
import io.lcnnserve.core.ops.Op;
import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.ops.TensorInfo;
import io.lcnnserve.core.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * SpaceToDepth: the inverse of DepthToSpace in DCR mode, {@code [N, C, H, W] -> [N, C * b^2, H / b, W / b]};
 * output channel {@code (row * b + column) * C + c} holds tile position (row, column) of channel c.
 */
public final class SpaceToDepth implements Op {
    private final int blockSize;

    private SpaceToDepth(int blockSize) {
        this.blockSize = blockSize;
    }

    public static SpaceToDepth create(NodeSpec node) {
        node.requireInputs(1, 1);
        node.requireOutputs(1, 1);
        return new SpaceToDepth(DepthToSpace.blockSize(node.attributes()));
    }

    @Override
    public String opType() {
        return "SpaceToDepth";
    }

    @Override
    public List<TensorInfo> inferOutputs(List<TensorInfo> inputs) {
        TensorInfo in = inputs.getFirst();
        int b = blockSize;
        if (in.rank() != 4 || in.dim(2) % b != 0 || in.dim(3) % b != 0) {
            throw new OpException("SpaceToDepth needs an NCHW input with height and width divisible by blocksize "
                + b + ", got " + Arrays.toString(in.shape()));
        }
        return List.of(TensorInfo.of(in.type(), in.dim(0), in.dim(1) * b * b, in.dim(2) / b, in.dim(3) / b));
    }

    @Override
    public void eval(Tensor[] inputs, Tensor[] outputs) {
        Tensor in = inputs[0];
        int b = blockSize;
        int n = in.dim(0);
        int c = in.dim(1);
        int h = in.dim(2);
        int w = in.dim(3);
        // Output viewed as [N, b (row in tile), b (column in tile), C, H/b, W/b].
        int[][] offsets = {
            AxisMappedCopy.strided(0, c * h * w, n),
            AxisMappedCopy.strided(0, w, b),
            AxisMappedCopy.strided(0, 1, b),
            AxisMappedCopy.strided(0, h * w, c),
            AxisMappedCopy.strided(0, b * w, h / b),
            AxisMappedCopy.strided(0, b, w / b),
        };
        AxisMappedCopy.copy(in, outputs[0], offsets, null);
    }
}
