package io.lcnnserve.core.kernels.conv;

import io.lcnnserve.core.kernels.gemm.PackedMatrix;

/**
 * Convolution weights packed once for {@link GemmConvolution}: per group, the
 * [M/group, C/group * kH * kW] slice of the ONNX weight tensor [M, C/group, kH, kW] as a left GEMM
 * operand. Immutable and shared by all sessions.
 */
public final class ConvWeights {

    private final ConvShape shape;
    private final PackedMatrix[] groups;

    private ConvWeights(ConvShape shape, PackedMatrix[] groups) {
        this.shape = shape;
        this.groups = groups;
    }

    /** Packs weights laid out as ONNX Conv's W: [M, C/group, kH, kW] starting at {@code offset}. */
    public static ConvWeights pack(ConvShape shape, float[] weights, int offset) {
        int rows = shape.outChannelsPerGroup();
        int depth = shape.patchSize();
        PackedMatrix[] groups = new PackedMatrix[shape.group()];
        for (int g = 0; g < groups.length; g++) {
            groups[g] = PackedMatrix.packLeft(rows, depth, weights, offset + g * rows * depth, depth, false);
        }
        return new ConvWeights(shape, groups);
    }

    public ConvShape shape() {
        return shape;
    }

    PackedMatrix group(int g) {
        return groups[g];
    }
}
