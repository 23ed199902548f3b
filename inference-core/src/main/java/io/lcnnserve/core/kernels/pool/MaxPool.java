package io.lcnnserve.core.kernels.pool;

import static io.lcnnserve.core.kernels.KernelConfig.FLOAT_SPECIES;

import io.lcnnserve.core.kernels.KernelConfig;
import io.lcnnserve.core.kernels.PaddedPlanes;
import io.lcnnserve.core.kernels.ScratchBuffers;
import io.lcnnserve.core.kernels.conv.ConvShape;
import io.lcnnserve.core.kernels.parallel.Parallel;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Max pooling on NCHW with a kH x kW window (the {@link ConvShape}'s kernel, strides and pads;
 * its channel counts are ignored). Pads never win: they are -inf. ONNX {@code ceil_mode} is the
 * same computation with larger bottom/right pads.
 *
 * <p>Strides 1 and 2 without dilation use the vector path: the plane is copied once into a
 * -inf-padded scratch plane (split into even/odd columns for stride 2, see {@link PaddedPlanes}),
 * then each output row is a running vector max over the kH x kW taps, kept in the output row. Other geometries use the
 * direct loop. Planes (N*C) are split across the {@link Parallel}'s threads.
 */
public final class MaxPool {

    private static final VectorSpecies<Float> SPECIES = FLOAT_SPECIES;

    private MaxPool() {
    }

    public static void compute(ConvShape shape, int planes, float[] input, int inputOffset, float[] output,
                               int outputOffset, Parallel parallel) {
        int inPlane = shape.height() * shape.width();
        int outPlane = shape.outHeight() * shape.outWidth();
        boolean vector = !KernelConfig.SCALAR && shape.strideH() == shape.strideW()
            && (shape.strideH() == 1 || shape.strideH() == 2) && shape.dilationH() == 1 && shape.dilationW() == 1;
        parallel.forRange(planes, 1, (part, start, end) -> {
            for (int p = start; p < end; p++) {
                int in = inputOffset + p * inPlane;
                int out = outputOffset + p * outPlane;
                if (vector) {
                    planeVector(shape, input, in, output, out);
                } else {
                    planeScalar(shape, input, in, output, out);
                }
            }
        });
    }

    private static void planeVector(ConvShape s, float[] input, int in, float[] output, int out) {
        int outH = s.outHeight();
        int outW = s.outWidth();
        int kh = s.kernelH();
        int kw = s.kernelW();
        int stride = s.strideH();
        int lanes = SPECIES.length();
        int outWRounded = (outW + lanes - 1) / lanes * lanes;
        int rows = (outH - 1) * stride + kh;
        int cols = stride == 1 ? outWRounded + kw - 1 : outWRounded + (kw - 1) / 2;
        float[] even = ScratchBuffers.get(ScratchBuffers.Slot.PRIMARY, rows * cols);
        float[] odd = stride == 1 ? even : ScratchBuffers.get(ScratchBuffers.Slot.SECONDARY, rows * cols);
        Arrays.fill(even, 0, rows * cols, Float.NEGATIVE_INFINITY);
        if (stride == 1) {
            PaddedPlanes.copyInterior(input, in, s.height(), s.width(), s.padTop(), s.padLeft(), even, 0, rows, cols);
        } else {
            Arrays.fill(odd, 0, rows * cols, Float.NEGATIVE_INFINITY);
            PaddedPlanes.copyInteriorSplit(input, in, s.height(), s.width(), s.padTop(), s.padLeft(),
                Float.NEGATIVE_INFINITY, even, odd, rows, cols);
        }
        // Taps outer, columns inner: the running maximum lives in the output row (hot in L1), so no
        // vector is carried across the data-dependent tap loops (C2 would box it).
        for (int oy = 0; oy < outH; oy++) {
            int dst = out + oy * outW;
            for (int ky = 0; ky < kh; ky++) {
                int row = (oy * stride + ky) * cols;
                for (int kx = 0; kx < kw; kx++) {
                    float[] plane = stride == 1 || (kx & 1) == 0 ? even : odd;
                    int column = row + (stride == 1 ? kx : kx / 2);
                    boolean first = ky == 0 && kx == 0;
                    for (int ox = 0; ox < outW; ox += lanes) {
                        VectorMask<Float> mask = SPECIES.indexInRange(ox, outW);
                        FloatVector tap = FloatVector.fromArray(SPECIES, plane, column + ox);
                        if (!first) {
                            tap = tap.max(FloatVector.fromArray(SPECIES, output, dst + ox, mask));
                        }
                        tap.intoArray(output, dst + ox, mask);
                    }
                }
            }
        }
    }

    private static void planeScalar(ConvShape s, float[] input, int in, float[] output, int out) {
        for (int oy = 0; oy < s.outHeight(); oy++) {
            for (int ox = 0; ox < s.outWidth(); ox++) {
                float max = Float.NEGATIVE_INFINITY;
                for (int ky = 0; ky < s.kernelH(); ky++) {
                    int iy = oy * s.strideH() - s.padTop() + ky * s.dilationH();
                    if (iy < 0 || iy >= s.height()) {
                        continue;
                    }
                    for (int kx = 0; kx < s.kernelW(); kx++) {
                        int ix = ox * s.strideW() - s.padLeft() + kx * s.dilationW();
                        if (ix >= 0 && ix < s.width()) {
                            max = Math.max(max, input[in + iy * s.width() + ix]);
                        }
                    }
                }
                output[out + oy * s.outWidth() + ox] = max;
            }
        }
    }
}
