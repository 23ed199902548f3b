package io.lcnnserve.core.ops.conv;

import static io.lcnnserve.core.kernels.KernelConfig.FLOAT_SPECIES;

import io.lcnnserve.core.kernels.Activation;
import io.lcnnserve.core.kernels.KernelConfig;
import io.lcnnserve.core.kernels.activation.ActivationKernels;
import io.lcnnserve.core.kernels.conv.ConvShape;
import io.lcnnserve.core.kernels.parallel.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Depthwise 2-D convolution (each channel plane convolved with its own kh x kw filter) with bias
 * and activation applied on the store, for the geometries the kernels' {@code DepthwiseConv3x3}
 * does not cover (other kernel sizes, dilations, strides above 2).
 *
 * <p>Layout: NCHW planes, one filter [kh * kw] per channel. Each output row is split into the
 * interior, where every tap of the window lies inside the input row, and the borders. Most of the
 * time is spent in the interior loop: a vector of consecutive outputs accumulates all kh * kw taps
 * in one register (contiguous loads for stride 1, a strided gather otherwise) before a single
 * store. Rows of the window in the top/bottom padding are skipped; borders run scalar. The
 * activation then runs over the finished row while it is in L1.
 */
final class DepthwiseConvolution {
    private static final VectorSpecies<Float> SPECIES = FLOAT_SPECIES;
    /** Lane index maps for strided gathers, per stride. */
    private static final int[][] STRIDED_LANES = new int[5][];

    static {
        for (int s = 1; s < STRIDED_LANES.length; s++) {
            STRIDED_LANES[s] = new int[SPECIES.length()];
            for (int i = 0; i < SPECIES.length(); i++) {
                STRIDED_LANES[s][i] = i * s;
            }
        }
    }

    private DepthwiseConvolution() {
    }

    /**
     * Convolves the {@code batch * channels} consecutive channel planes of x into y, plane
     * {@code p} with the filter [kh * kw] and bias of channel {@code p % channels}.
     */
    static void run(ConvShape w, int batch, float[] x, int xOffset, float[] weights, float[] bias,
                    Activation activation, float[] y, int yOffset, Parallel parallel) {
        int planes = batch * w.channels();
        int channels = w.channels();
        if (parallel.threads() == 1 || planes == 1) {
            planes(w, 0, planes, channels, x, xOffset, weights, bias, activation, y, yOffset);
        } else {
            parallel.forRange(planes, 1, (part, start, end) ->
                planes(w, start, end, channels, x, xOffset, weights, bias, activation, y, yOffset));
        }
    }

    private static void planes(ConvShape w, int start, int end, int channels, float[] x, int xOffset, float[] weights,
                               float[] bias, Activation activation, float[] y, int yOffset) {
        int kernelSize = w.kernelH() * w.kernelW();
        for (int p = start; p < end; p++) {
            int c = p % channels;
            plane(w, x, xOffset + p * w.height() * w.width(), weights, c * kernelSize, bias[c], activation, y,
                yOffset + p * w.outHeight() * w.outWidth());
        }
    }

    private static void plane(ConvShape w, float[] x, int xBase, float[] weights, int wBase, float bias,
                              Activation activation, float[] y, int yBase) {
        int outputWidth = w.outWidth();
        int strideX = w.strideW();
        // Interior columns [interiorStart, interiorEnd): tap 0 at x >= 0 and the last tap at x < width.
        int interiorStart = Math.min(outputWidth, Math.ceilDiv(w.padLeft(), strideX));
        int lastTap = (w.kernelW() - 1) * w.dilationW() - w.padLeft();
        int interiorEnd = w.width() - 1 - lastTap < 0 ? 0 : Math.min(outputWidth, (w.width() - 1 - lastTap) / strideX + 1);
        interiorEnd = Math.max(interiorEnd, interiorStart);
        boolean vector = KernelConfig.vectorized() && strideX < STRIDED_LANES.length;
        for (int oy = 0; oy < w.outHeight(); oy++) {
            int yRow = yBase + oy * outputWidth;
            int firstY = oy * w.strideH() - w.padTop();
            int kyStart = firstY >= 0 ? 0 : Math.min(w.kernelH(), Math.ceilDiv(-firstY, w.dilationH()));
            int kyEnd = Math.min(w.kernelH(), w.height() - firstY <= 0 ? 0 : Math.ceilDiv(w.height() - firstY, w.dilationH()));
            int scalarFrom = 0;
            if (vector) {
                scalarColumns(w, x, xBase, weights, wBase, bias, y, yRow, firstY, kyStart, kyEnd, 0, interiorStart);
                scalarFrom = vectorColumns(w, x, xBase, weights, wBase, bias, y, yRow, firstY, kyStart, kyEnd,
                    interiorStart, interiorEnd);
            }
            scalarColumns(w, x, xBase, weights, wBase, bias, y, yRow, firstY, kyStart, kyEnd, scalarFrom, outputWidth);
            if (!activation.isIdentity()) {
                ActivationKernels.apply(activation, y, yRow, y, yRow, outputWidth);
            }
        }
    }

    /**
     * Outputs [from, to) of one row before the activation, every tap inside the input row. Stride
     * 1 loads contiguous vectors (masked at the row's end); larger strides gather, and since a
     * masked gather still bounds-checks every lane, only whole vectors gather and the remaining
     * outputs are left to the scalar loop. Returns where the vector loop stopped.
     */
    private static int vectorColumns(ConvShape w, float[] x, int xBase, float[] weights, int wBase, float bias,
                                     float[] y, int yRow, int firstY, int kyStart, int kyEnd, int from, int to) {
        int lanes = SPECIES.length();
        int strideX = w.strideW();
        int[] laneMap = STRIDED_LANES[strideX];
        int kernelWidth = w.kernelW();
        int whole = from + (to - from) / lanes * lanes;
        int ox = from;
        for (; ox < whole; ox += lanes) {
            FloatVector acc = FloatVector.broadcast(SPECIES, bias);
            for (int ky = kyStart; ky < kyEnd; ky++) {
                int row = xBase + (firstY + ky * w.dilationH()) * w.width() + ox * strideX - w.padLeft();
                int tap = wBase + ky * kernelWidth;
                for (int kx = 0; kx < kernelWidth; kx++) {
                    int at = row + kx * w.dilationW();
                    FloatVector v = strideX == 1
                        ? FloatVector.fromArray(SPECIES, x, at)
                        : FloatVector.fromArray(SPECIES, x, at, laneMap, 0);
                    acc = v.fma(FloatVector.broadcast(SPECIES, weights[tap + kx]), acc);
                }
            }
            acc.intoArray(y, yRow + ox);
        }
        if (ox == to || strideX != 1) {
            return ox;
        }
        VectorMask<Float> mask = SPECIES.indexInRange(ox, to);
        FloatVector acc = FloatVector.broadcast(SPECIES, bias);
        for (int ky = kyStart; ky < kyEnd; ky++) {
            int row = xBase + (firstY + ky * w.dilationH()) * w.width() + ox - w.padLeft();
            int tap = wBase + ky * kernelWidth;
            for (int kx = 0; kx < kernelWidth; kx++) {
                FloatVector v = FloatVector.fromArray(SPECIES, x, row + kx * w.dilationW(), mask);
                acc = v.fma(FloatVector.broadcast(SPECIES, weights[tap + kx]), acc);
            }
        }
        acc.intoArray(y, yRow + ox, mask);
        return to;
    }

    /** Outputs [from, to) of one row before the activation, skipping taps in the left/right padding. */
    private static void scalarColumns(ConvShape w, float[] x, int xBase, float[] weights, int wBase, float bias,
                                      float[] y, int yRow, int firstY, int kyStart, int kyEnd, int from, int to) {
        for (int ox = from; ox < to; ox++) {
            int firstX = ox * w.strideW() - w.padLeft();
            float sum = bias;
            for (int ky = kyStart; ky < kyEnd; ky++) {
                int row = xBase + (firstY + ky * w.dilationH()) * w.width();
                int tap = wBase + ky * w.kernelW();
                for (int kx = 0; kx < w.kernelW(); kx++) {
                    int ix = firstX + kx * w.dilationW();
                    if (ix >= 0 && ix < w.width()) {
                        sum += weights[tap + kx] * x[row + ix];
                    }
                }
            }
            y[yRow + ox] = sum;
        }
    }
}
