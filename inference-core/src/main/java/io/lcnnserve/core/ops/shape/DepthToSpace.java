package io.lcnnserve.core.ops.shape;

import io.lcnnserve.core.ops.Attributes;
import io.lcnnserve.core.ops.NodeSpec;
import io.lcnnserve.core.ops.Op;
import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.ops.TensorInfo;
import io.lcnnserve.core.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * DepthToSpace: moves channel blocks into {@code blocksize x blocksize} spatial tiles,
 * {@code [N, C, H, W] -> [N, C / b^2, H * b, W * b]}. In {@code DCR} mode (the default) the block
 * offset is the outer part of the channel index, in {@code CRD} mode (opset 11+) the inner part.
 */
public final class DepthToSpace implements Op {
    private final int blockSize;
    private final boolean columnRowDepth;

    private DepthToSpace(int blockSize, boolean columnRowDepth) {
        this.blockSize = blockSize;
        this.columnRowDepth = columnRowDepth;
    }

    public static DepthToSpace create(NodeSpec node) {
        node.requireInputs(1, 1);
        node.requireOutputs(1, 1);
        Attributes a = node.attributes();
        int blockSize = blockSize(a);
        String mode = node.opset() >= 11 ? a.getEnum("mode", "DCR", "DCR", "CRD") : "DCR";
        return new DepthToSpace(blockSize, mode.equals("CRD"));
    }

    /** Reads the required {@code blocksize} attribute shared with SpaceToDepth. */
    static int blockSize(Attributes a) {
        long b = a.requireInt("blocksize");
        if (b < 1 || b > 4096) {
            throw new OpException("attribute 'blocksize' must be between 1 and 4096, got " + b);
        }
        return (int) b;
    }

    @Override
    public String opType() {
        return "DepthToSpace";
    }

    @Override
    public List<TensorInfo> inferOutputs(List<TensorInfo> inputs) {
        TensorInfo in = inputs.getFirst();
        int b = blockSize;
        if (in.rank() != 4 || in.dim(1) % (b * b) != 0) {
            throw new OpException("DepthToSpace needs an NCHW input with channels divisible by blocksize^2 = "
                + b * b + ", got " + Arrays.toString(in.shape()));
        }
        return List.of(TensorInfo.of(in.type(), in.dim(0), in.dim(1) / (b * b), in.dim(2) * b, in.dim(3) * b));
    }

    @Override
    public void eval(Tensor[] inputs, Tensor[] outputs) {
        Tensor in = inputs[0];
        int b = blockSize;
        int n = in.dim(0);
        int c = in.dim(1);
        int h = in.dim(2);
        int w = in.dim(3);
        int outC = c / (b * b);
        int plane = h * w;
        // Output viewed as [N, C/b^2, H, b (row in tile), W, b (column in tile)].
        int rowStride = columnRowDepth ? b * plane : b * outC * plane;
        int columnStride = columnRowDepth ? plane : outC * plane;
        int channelStride = columnRowDepth ? b * b * plane : plane;
        int[][] offsets = {
            AxisMappedCopy.strided(0, c * plane, n),
            AxisMappedCopy.strided(0, channelStride, outC),
            AxisMappedCopy.strided(0, w, h),
            AxisMappedCopy.strided(0, rowStride, b),
            AxisMappedCopy.strided(0, 1, w),
            AxisMappedCopy.strided(0, columnStride, b),
        };
        AxisMappedCopy.copy(in, outputs[0], offsets, null);
    }
}
