package io.lcnnserve.core.kernels.conv;

/**
 * Geometry of a 2-D convolution (or pooling window) on NCHW data: input [C, H, W] per image,
 * {@code outChannels} filters of [C/group, kernelH, kernelW], strides, pads (top, left, bottom,
 * right; may be asymmetric) and dilations.
 */
public record ConvShape(int channels, int height, int width, int outChannels,
                        int kernelH, int kernelW, int strideH, int strideW,
                        int padTop, int padLeft, int padBottom, int padRight,
                        int dilationH, int dilationW, int group) {

    public ConvShape {
        if (channels < 1 || height < 1 || width < 1 || outChannels < 1 || kernelH < 1 || kernelW < 1
            || strideH < 1 || strideW < 1 || dilationH < 1 || dilationW < 1 || group < 1) {
            throw new IllegalArgumentException("convolution sizes, strides, dilations and group must be positive: " + this);
        }
        if (padTop < 0 || padLeft < 0 || padBottom < 0 || padRight < 0) {
            throw new IllegalArgumentException("pads must be non-negative: " + this);
        }
        if (channels % group != 0 || outChannels % group != 0) {
            throw new IllegalArgumentException("group " + group + " must divide input channels " + channels
                + " and output channels " + outChannels);
        }
        if (height + padTop + padBottom < dilationH * (kernelH - 1) + 1
            || width + padLeft + padRight < dilationW * (kernelW - 1) + 1) {
            throw new IllegalArgumentException("kernel window larger than the padded input: " + this);
        }
    }

    /** A convolution with equal pads on all sides and no dilation. */
    public static ConvShape of(int channels, int height, int width, int outChannels, int kernel, int stride,
                               int pad, int group) {
        return new ConvShape(channels, height, width, outChannels, kernel, kernel, stride, stride,
            pad, pad, pad, pad, 1, 1, group);
    }

    public int outHeight() {
        return (height + padTop + padBottom - dilationH * (kernelH - 1) - 1) / strideH + 1;
    }

    public int outWidth() {
        return (width + padLeft + padRight - dilationW * (kernelW - 1) - 1) / strideW + 1;
    }

    public int inputChannelsPerGroup() {
        return channels / group;
    }

    public int outChannelsPerGroup() {
        return outChannels / group;
    }

    /** GEMM depth per group: {@code C/group * kernelH * kernelW}. */
    public int patchSize() {
        return inputChannelsPerGroup() * kernelH * kernelW;
    }

    /** True for a 1x1 kernel with unit stride and no padding: a plain GEMM on the input. */
    public boolean isPointwise() {
        return kernelH == 1 && kernelW == 1 && strideH == 1 && strideW == 1
            && padTop == 0 && padLeft == 0 && padBottom == 0 && padRight == 0;
    }

    /** True for a depthwise 3x3 convolution with stride 1 or 2 and no dilation. */
    public boolean isDepthwise3x3() {
        return group == channels && outChannels == channels && kernelH == 3 && kernelW == 3
            && strideH == strideW && (strideH == 1 || strideH == 2) && dilationH == 1 && dilationW == 1;
    }
}
