package io.lcnnserve.core.kernels.conv;

import io.lcnnserve.core.kernels.Activation;
import io.lcnnserve.core.kernels.gemm.GemmEpilogue;
import io.lcnnserve.core.kernels.gemm.PackedMatrix;

/**
 * Convolution weights packed once for {@link GemmConvolution}: per group, the
 * [M/group, C/group * kH * kW] slice of the ONNX weight tensor [M, C/group, kH, kW] as a left GEMM
 * operand. Shared by all sessions; the only mutable state is a cache of the per-group GEMM
 * epilogues for the bias and activation of the last call, so that steady-state calls allocate none.
 */
public final class ConvWeights {

    private final ConvShape shape;
    private final PackedMatrix[] groups;
    /** Replaced, never mutated, so concurrent callers see a consistent set. */
    private volatile Epilogues epilogues;

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

    /** Per group, the epilogue adding {@code bias[biasOffset + channel]} (none if null) and the activation. */
    GemmEpilogue[] epilogues(float[] bias, int biasOffset, Activation activation) {
        Epilogues cached = epilogues;
        if (cached != null && cached.bias == bias && cached.biasOffset == biasOffset
            && cached.activation.equals(activation)) {
            return cached.perGroup;
        }
        GemmEpilogue[] perGroup = new GemmEpilogue[shape.group()];
        int rows = shape.outChannelsPerGroup();
        for (int g = 0; g < perGroup.length; g++) {
            perGroup[g] = bias == null
                ? GemmEpilogue.of(activation)
                : GemmEpilogue.rowBias(bias, biasOffset + g * rows, activation);
        }
        epilogues = new Epilogues(bias, biasOffset, activation, perGroup);
        return perGroup;
    }

    private record Epilogues(float[] bias, int biasOffset, Activation activation, GemmEpilogue[] perGroup) {
    }
}
