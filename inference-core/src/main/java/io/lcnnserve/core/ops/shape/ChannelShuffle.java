package io.lcnnserve.core.ops.shape;

import io.lcnnserve.core.ops.ExecutionContext;
import io.lcnnserve.core.ops.ItemRanges;
import io.lcnnserve.core.ops.Op;
import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.ops.TensorInfo;
import io.lcnnserve.core.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * ShuffleNet's channel shuffle, exported as {@code Reshape [N, g, C/g, H, W]} →
 * {@code Transpose [0, 2, 1, 3, 4]} → {@code Reshape [N, C, H, W]}, as one op. Reshapes move no
 * data, so the three nodes are a permutation of the [H, W] channel planes of each image: output
 * plane {@code j} is input plane {@code (j % g) * (C/g) + j / g}. That is one memcpy per plane
 * instead of two copies and an element-wise transpose.
 *
 * <p>The node keeps the inputs {@code [X, shape1, shape2]} and shape inference runs the original
 * three ops' rules, so every shape the exported nodes accept or reject, this op does too.
 */
public final class ChannelShuffle implements Op {
    private final Reshape group;
    private final Transpose swap;
    private final Reshape merge;
    private final int groups;
    private final int channelsPerGroup;
    private final int planeSize;

    private ChannelShuffle(Reshape group, Transpose swap, Reshape merge, int groups, int channelsPerGroup, int planeSize) {
        this.group = group;
        this.swap = swap;
        this.merge = merge;
        this.groups = groups;
        this.channelsPerGroup = channelsPerGroup;
        this.planeSize = planeSize;
    }

    /**
     * The shuffle for the exported three nodes: {@code groupShape} is the first Reshape's constant
     * target {@code [N, g, C/g, H, W]} (g, C/g, H and W positive), {@code swap} must exchange axes 1
     * and 2 of it.
     */
    public static ChannelShuffle of(Reshape group, long[] groupShape, Transpose swap, Reshape merge) {
        if (!matches(groupShape, swap)) {
            throw new OpException("not a channel shuffle: Reshape to " + Arrays.toString(groupShape)
                + " then Transpose " + Arrays.toString(swap.perm()));
        }
        return new ChannelShuffle(group, swap, merge, (int) groupShape[1], (int) groupShape[2],
            (int) (groupShape[3] * groupShape[4]));
    }

    /** True when these Reshape and Transpose nodes start a channel shuffle {@link #of} accepts. */
    public static boolean matches(long[] groupShape, Transpose swap) {
        return groupShape.length == 5 && Arrays.equals(swap.perm(), new int[] {0, 2, 1, 3, 4})
            && Arrays.stream(groupShape, 1, 5).allMatch(d -> d > 0 && d <= Integer.MAX_VALUE)
            && groupShape[3] * groupShape[4] <= Integer.MAX_VALUE;
    }

    @Override
    public String opType() {
        return "ChannelShuffle";
    }

    public int groups() {
        return groups;
    }

    @Override
    public List<TensorInfo> inferOutputs(List<TensorInfo> inputs) {
        TensorInfo grouped = group.inferOutputs(List.of(inputs.get(0), inputs.get(1))).get(0);
        TensorInfo swapped = swap.inferOutputs(List.of(grouped)).get(0);
        return merge.inferOutputs(List.of(swapped, inputs.get(2)));
    }

    @Override
    public void eval(Tensor[] inputs, Tensor[] outputs) {
        eval(inputs, outputs, ExecutionContext.sequential());
    }

    /** Images are shuffled independently, so a batch splits across the session's threads. */
    @Override
    public void eval(Tensor[] inputs, Tensor[] outputs, ExecutionContext context) {
        int images = inputs[0].size() / (groups * channelsPerGroup * planeSize);
        ItemRanges.run(context, images, inputs[0].size(), this, ChannelShuffle::shuffleImages, inputs, outputs);
    }

    private void shuffleImages(Tensor[] inputs, Tensor[] outputs, int first, int end) {
        Tensor x = inputs[0];
        Tensor y = outputs[0];
        int channels = groups * channelsPerGroup;
        int imageSize = channels * planeSize;
        for (int n = first; n < end; n++) {
            int image = n * imageSize;
            for (int j = 0; j < channels; j++) {
                int source = (j % groups) * channelsPerGroup + j / groups;
                System.arraycopy(x.data(), x.offset() + image + source * planeSize, y.data(), y.offset() + image + j * planeSize,
                    planeSize);
            }
        }
    }

    @Override
    public String toString() {
        return "ChannelShuffle[groups=" + groups + ", channels per group=" + channelsPerGroup + "]";
    }
}
