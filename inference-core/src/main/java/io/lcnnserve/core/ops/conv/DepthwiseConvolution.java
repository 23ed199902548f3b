package io.lcnnserve.core.ops.conv;

import static io.lcnnserve.core.kernels.KernelConfig.FLOAT_SPECIES;

import io.lcnnserve.core.kernels.Activation;
import io.lcnnserve.core.kernels.KernelConfig;
import io.lcnnserve.core.kernels.PaddedPlanes;
import io.lcnnserve.core.kernels.ScratchBuffers;
import io.lcnnserve.core.kernels.activation.ActivationKernels;
import io.lcnnserve.core.kernels.conv.ConvShape;
import io.lcnnserve.core.kernels.parallel.Parallel;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Depthwise 2-D convolution (each channel plane convolved with its own kh x kw filter) with bias
 * and activation, for the geometries the kernels' {@code DepthwiseConv3x3} does not cover: other
 * kernel sizes (MobileNetV3's 5x5), dilations, unequal strides.
 *
 * <p>Layout: NCHW planes, one filter [kh * kw] per channel. For a horizontal stride of 1 or 2 each
 * plane is first copied into a zero-padded scratch plane ({@link PaddedPlanes}; split into even
 * and odd columns for stride 2) wide enough for whole vectors, so every tap is a unit-stride vector
 * load with no border test (the zeros are written once per call, each plane copies its interior). Most of the time is spent in the row loop: a vector of consecutive
 * outputs accumulates all kh * kw taps in one register before one store; the activation then runs
 * over the finished row while it is in L1. Other strides take a direct scalar loop.
 */
final class DepthwiseConvolution {
    private static final VectorSpecies<Float> SPECIES = FLOAT_SPECIES;

    private DepthwiseConvolution() {
    }

    /**
     * Convolves the {@code batch * channels} consecutive channel planes of x into y, plane
     * {@code p} with the filter [kh * kw] and bias of channel {@code p % channels}.
     */
    static void run(ConvShape s, int batch, float[] x, int xOffset, float[] weights, float[] bias,
                    Activation activation, float[] y, int yOffset, Parallel parallel) {
        int planes = batch * s.channels();
        if (parallel.threads() == 1 || planes == 1) {
            planes(s, 0, planes, x, xOffset, weights, bias, activation, y, yOffset);
        } else {
            parallel.forRange(planes, 1, (part, start, end) ->
                planes(s, start, end, x, xOffset, weights, bias, activation, y, yOffset));
        }
    }

    private static void planes(ConvShape s, int start, int end, float[] x, int xOffset, float[] weights, float[] bias,
                               Activation activation, float[] y, int yOffset) {
        int kernelSize = s.kernelH() * s.kernelW();
        int inputSize = s.height() * s.width();
        int outputSize = s.outHeight() * s.outWidth();
        boolean vector = KernelConfig.vectorized() && (s.strideW() == 1 || s.strideW() == 2);
        Padded padded = vector ? Padded.of(s) : null;
        for (int p = start; p < end; p++) {
            int c = p % s.channels();
            int in = xOffset + p * inputSize;
            int out = yOffset + p * outputSize;
            if (vector) {
                planeVector(s, padded, x, in, weights, c * kernelSize, bias[c], y, out);
            } else {
                planeScalar(s, x, in, weights, c * kernelSize, bias[c], y, out);
            }
            if (!activation.isIdentity()) {
                ActivationKernels.apply(activation, y, out, y, out, outputSize);
            }
        }
    }

    /**
     * The zero-padded scratch planes of one call: stride 1, one plane [rows, cols]; stride 2, its
     * even and odd columns, each [rows, cols]. Wide enough for whole vectors on every output row.
     * Zeroed once per call; each channel then overwrites only the interior.
     */
    private record Padded(float[] even, float[] odd, int rows, int cols, boolean strided) {
        static Padded of(ConvShape s) {
            int lanes = SPECIES.length();
            int wholeWidth = (s.outWidth() + lanes - 1) / lanes * lanes;
            int spanW = (s.kernelW() - 1) * s.dilationW();
            int rows = (s.outHeight() - 1) * s.strideH() + (s.kernelH() - 1) * s.dilationH() + 1;
            boolean strided = s.strideW() == 2;
            int cols = strided ? wholeWidth + spanW / 2 + 1 : wholeWidth + spanW;
            float[] even = ScratchBuffers.get(ScratchBuffers.Slot.PRIMARY, rows * cols);
            Arrays.fill(even, 0, rows * cols, 0f);
            float[] odd = even;
            if (strided) {
                odd = ScratchBuffers.get(ScratchBuffers.Slot.SECONDARY, rows * cols);
                Arrays.fill(odd, 0, rows * cols, 0f);
            }
            return new Padded(even, odd, rows, cols, strided);
        }

        void copy(ConvShape s, float[] x, int in) {
            if (strided) {
                PaddedPlanes.copyInteriorSplit(x, in, s.height(), s.width(), s.padTop(), s.padLeft(), 0f, even, odd, rows,
                    cols);
            } else {
                PaddedPlanes.copyInterior(x, in, s.height(), s.width(), s.padTop(), s.padLeft(), even, 0, rows, cols);
            }
        }
    }

    /** One plane before the activation, through the padded scratch planes. */
    private static void planeVector(ConvShape s, Padded padded, float[] x, int in, float[] weights, int w, float bias,
                                    float[] y, int out) {
        padded.copy(s, x, in);
        int lanes = SPECIES.length();
        int outW = s.outWidth();
        int cols = padded.cols();
        float[] even = padded.even();
        float[] odd = padded.odd();
        boolean strided = padded.strided();
        FloatVector biasVector = FloatVector.broadcast(SPECIES, bias);
        for (int oy = 0; oy < s.outHeight(); oy++) {
            int dst = out + oy * outW;
            for (int ox = 0; ox < outW; ox += lanes) {
                FloatVector acc = biasVector;
                for (int ky = 0; ky < s.kernelH(); ky++) {
                    int row = (oy * s.strideH() + ky * s.dilationH()) * cols + ox;
                    int tap = w + ky * s.kernelW();
                    for (int kx = 0; kx < s.kernelW(); kx++) {
                        int column = kx * s.dilationW();
                        FloatVector v = strided
                            ? FloatVector.fromArray(SPECIES, (column & 1) == 0 ? even : odd, row + (column >> 1))
                            : FloatVector.fromArray(SPECIES, even, row + column);
                        acc = v.fma(FloatVector.broadcast(SPECIES, weights[tap + kx]), acc);
                    }
                }
                if (ox + lanes <= outW) {
                    acc.intoArray(y, dst + ox);
                } else {
                    VectorMask<Float> mask = SPECIES.indexInRange(ox, outW);
                    acc.intoArray(y, dst + ox, mask);
                }
            }
        }
    }

    /** One plane before the activation, skipping taps in the padding; any stride and dilation. */
    private static void planeScalar(ConvShape s, float[] x, int in, float[] weights, int w, float bias, float[] y, int out) {
        for (int oy = 0; oy < s.outHeight(); oy++) {
            for (int ox = 0; ox < s.outWidth(); ox++) {
                float sum = bias;
                for (int ky = 0; ky < s.kernelH(); ky++) {
                    int iy = oy * s.strideH() - s.padTop() + ky * s.dilationH();
                    if (iy < 0 || iy >= s.height()) {
                        continue;
                    }
                    for (int kx = 0; kx < s.kernelW(); kx++) {
                        int ix = ox * s.strideW() - s.padLeft() + kx * s.dilationW();
                        if (ix >= 0 && ix < s.width()) {
                            sum += weights[w + ky * s.kernelW() + kx] * x[in + iy * s.width() + ix];
                        }
                    }
                }
                y[out + oy * s.outWidth() + ox] = sum;
            }
        }
    }
}
