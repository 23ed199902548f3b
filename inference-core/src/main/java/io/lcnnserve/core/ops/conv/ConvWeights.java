package io.lcnnserve.core.ops.conv;

import io.lcnnserve.core.ops.Attributes;
import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.ops.TensorInfo;
import io.lcnnserve.core.ops.spatial.SpatialShapes;
import io.lcnnserve.core.ops.spatial.WindowAttributes;
import io.lcnnserve.core.ops.spatial.WindowGeometry;
import io.lcnnserve.core.tensor.DataType;
import java.util.Arrays;
import java.util.List;

/** Checks shared by the conv family on the group attribute, the weight tensor's shape and the output. */
final class ConvWeights {
    private ConvWeights() {
    }

    /** The {@code group} attribute (default 1); must be positive. */
    static int readGroup(Attributes attributes) {
        long group = attributes.getInt("group", 1);
        if (group < 1 || group > Integer.MAX_VALUE) {
            throw new OpException("attribute 'group' must be a positive int, got " + group);
        }
        return (int) group;
    }

    /**
     * The kernel's spatial shape: the weights' axes after the first two. Throws if the weights'
     * rank differs from the input's or if a {@code kernel_shape} attribute disagrees with them.
     */
    static int[] kernelShape(int[] inputShape, int[] weightShape, WindowAttributes window) {
        if (weightShape.length != inputShape.length) {
            throw new OpException("weights W " + Arrays.toString(weightShape) + " must have the rank of input X "
                + Arrays.toString(inputShape));
        }
        int[] kernel = SpatialShapes.spatial(weightShape);
        int[] declared = window.kernelShape();
        if (declared != null && !Arrays.equals(declared, kernel)) {
            throw new OpException("attribute 'kernel_shape' = " + Arrays.toString(declared)
                + " does not match the spatial shape of weights W " + Arrays.toString(weightShape));
        }
        return kernel;
    }

    /**
     * The window geometry of a forward convolution (Conv, DeformConv) of X {@code inputShape} with
     * weights {@code weightShape} (M, C/group, k...), after checking the shapes against each other.
     */
    static WindowGeometry forwardGeometry(WindowAttributes window, int group, int[] inputShape, int[] weightShape) {
        int[] kernel = kernelShape(inputShape, weightShape, window);
        requireForwardGroups(inputShape, weightShape, group);
        return window.forward(SpatialShapes.spatial(inputShape), kernel);
    }

    /**
     * Y (N, M, spatial...) of Conv and ConvTranspose, whose inputs are X, W and an optional bias B;
     * checks first that B, when given, holds {@code outputChannels} (M) values.
     */
    static List<TensorInfo> outputInfo(List<TensorInfo> inputs, int outputChannels, int[] spatialOutput) {
        SpatialShapes.requireBias(inputs.size() > 2 ? inputs.get(2) : null, outputChannels);
        return List.of(TensorInfo.of(DataType.FLOAT,
            SpatialShapes.batchChannelsSpatial(inputs.get(0).dim(0), outputChannels, spatialOutput)));
    }

    /**
     * For Conv-style weights (M, C/group, k...): throws unless the input's C channels split into
     * {@code group} groups matching the weights and M is divisible by {@code group}.
     */
    private static void requireForwardGroups(int[] inputShape, int[] weightShape, int group) {
        int channels = inputShape[1];
        if (channels % group != 0 || weightShape[1] * group != channels) {
            throw new OpException("input X has " + channels + " channels, but weights W " + Arrays.toString(weightShape)
                + " with group = " + group + " expect " + (long) weightShape[1] * group
                + " (W.shape[1] * group), divisible by group");
        }
        if (weightShape[0] % group != 0) {
            throw new OpException("weights W " + Arrays.toString(weightShape) + " have " + weightShape[0]
                + " output channels, not divisible by group = " + group);
        }
    }
}
