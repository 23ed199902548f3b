package io.lcnnserve.core.ops.conv;

import io.lcnnserve.core.ops.spatial.WindowGeometry;

/**
 * A 2-D {@link WindowGeometry} unpacked into plain ints once per input shape, so the conv kernels'
 * inner loops read fields instead of copying arrays. Tap {@code (ky, kx)} of output {@code (oy, ox)}
 * reads input {@code (oy * strideY - padTop + ky * dilationY, ox * strideX - padLeft + kx * dilationX)}.
 */
record Window2d(int height, int width, int outputHeight, int outputWidth, int kernelHeight, int kernelWidth,
                int strideY, int strideX, int dilationY, int dilationX, int padTop, int padLeft) {

    static Window2d of(WindowGeometry geometry) {
        if (geometry.rank() != 2) {
            throw new IllegalArgumentException("expected a 2-D window, got " + geometry);
        }
        int[] input = geometry.inputShape();
        int[] output = geometry.outputShape();
        int[] kernel = geometry.kernelShape();
        int[] strides = geometry.strides();
        int[] dilations = geometry.dilations();
        int[] pads = geometry.padsBegin();
        return new Window2d(input[0], input[1], output[0], output[1], kernel[0], kernel[1], strides[0], strides[1],
            dilations[0], dilations[1], pads[0], pads[1]);
    }

    int inputSize() {
        return height * width;
    }

    int outputSize() {
        return outputHeight * outputWidth;
    }

    int kernelSize() {
        return kernelHeight * kernelWidth;
    }

    /** 1x1, stride 1, unpadded: the output plane is the input plane. */
    boolean pointwise() {
        return kernelHeight == 1 && kernelWidth == 1 && strideY == 1 && strideX == 1 && padTop == 0 && padLeft == 0
            && outputHeight == height && outputWidth == width;
    }
}
