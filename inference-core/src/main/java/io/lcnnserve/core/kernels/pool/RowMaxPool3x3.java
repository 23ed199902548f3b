package io.lcnnserve.core.kernels.pool;

import static io.lcnnserve.core.kernels.KernelConfig.FLOAT_SPECIES;

import io.lcnnserve.core.kernels.InterleavedLanes;
import io.lcnnserve.core.kernels.PaddedPlanes;
import io.lcnnserve.core.kernels.ScratchBuffers;
import io.lcnnserve.core.kernels.conv.ConvShape;
import io.lcnnserve.core.kernels.parallel.Parallel;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * 3x3 max pooling of stride 1 or 2 (any pads; {@code ceil_mode} arrives as larger bottom/right
 * pads) on NCHW, vectorized along rows: the kernel for wide planes (SqueezeNet's 109x109 and
 * 54x54, ShuffleNet's 112x112), whose rows fill whole vectors without the channel transposes of
 * {@link ChannelBlockedMaxPool}.
 *
 * <p>Per plane: the input is copied into a -inf-padded per-thread scratch plane whose rows are wide
 * enough for whole vectors ({@link PaddedPlanes}; the border is written once per call). Each
 * output row first takes the maximum of its three input rows, element by element, then the
 * maximum of three neighbouring columns: at stride 2 the column maximum splits the 2L + 1 inputs
 * of L outputs into even and odd elements in registers. Planes are split across threads.
 */
public final class RowMaxPool3x3 {

    private static final VectorSpecies<Float> SPECIES = FLOAT_SPECIES;
    private static final ThreadLocal<Call> CALLS = ThreadLocal.withInitial(Call::new);

    private RowMaxPool3x3() {
    }

    /** True for the windows this kernel runs: 3x3, undilated, the same stride (1 or 2) along both axes. */
    public static boolean supports(ConvShape shape) {
        return shape.kernelH() == 3 && shape.kernelW() == 3 && shape.dilationH() == 1 && shape.dilationW() == 1
            && shape.strideH() == shape.strideW() && shape.strideH() <= 2;
    }

    /** Max pools {@code planes} [H, W] planes of {@code input} into {@code output}'s [outH, outW] planes. */
    public static void compute(ConvShape shape, int planes, float[] input, int inputOffset, float[] output,
                               int outputOffset, Parallel parallel) {
        if (!supports(shape)) {
            throw new IllegalArgumentException("not a 3x3 max pool with stride 1 or 2: " + shape);
        }
        if (parallel.threads() == 1 || planes == 1) {
            planes(shape, input, inputOffset, output, outputOffset, 0, planes);
            return;
        }
        Call call = CALLS.get();
        call.set(shape, input, inputOffset, output, outputOffset);
        try {
            parallel.forRange(planes, 1, call);
        } finally {
            call.clear();
        }
    }

    /** Planes {@code [start, end)} through this thread's -inf-padded scratch plane. */
    private static void planes(ConvShape shape, float[] input, int inputOffset, float[] output, int outputOffset,
                               int start, int end) {
        int inPlane = shape.height() * shape.width();
        int outPlane = shape.outHeight() * shape.outWidth();
        int stride = shape.strideH();
        int rows = PaddedPlanes.rowKernelRows(shape);
        int cols = PaddedPlanes.rowKernelCols(shape);
        float[] padded = ScratchBuffers.get(ScratchBuffers.Slot.PRIMARY, rows * cols);
        Arrays.fill(padded, 0, rows * cols, Float.NEGATIVE_INFINITY);
        for (int p = start; p < end; p++) {
            PaddedPlanes.copyInterior(input, inputOffset + p * inPlane, shape.height(), shape.width(), shape.padTop(),
                shape.padLeft(), padded, 0, rows, cols);
            if (stride == 1) {
                planeStride1(shape, padded, cols, output, outputOffset + p * outPlane);
            } else {
                planeStride2(shape, padded, cols, output, outputOffset + p * outPlane);
            }
        }
    }

    private static void planeStride1(ConvShape s, float[] padded, int cols, float[] output, int out) {
        int outW = s.outWidth();
        int lanes = SPECIES.length();
        for (int oy = 0; oy < s.outHeight(); oy++) {
            int r0 = oy * cols;
            int dst = out + oy * outW;
            for (int ox = 0; ox < outW; ox += lanes) {
                FloatVector max = columnMax(padded, r0 + ox, cols)
                    .max(columnMax(padded, r0 + ox + 1, cols))
                    .max(columnMax(padded, r0 + ox + 2, cols));
                store(max, output, dst, ox, outW);
            }
        }
    }

    /** The L outputs of a vector read 2L + 1 consecutive column maxima: even ones, odd ones, and even ones two further on. */
    private static void planeStride2(ConvShape s, float[] padded, int cols, float[] output, int out) {
        int outW = s.outWidth();
        int lanes = SPECIES.length();
        FloatVector even = InterleavedLanes.EVEN;
        FloatVector odd = InterleavedLanes.ODD;
        for (int oy = 0; oy < s.outHeight(); oy++) {
            int r0 = 2 * oy * cols;
            int dst = out + oy * outW;
            for (int ox = 0; ox < outW; ox += lanes) {
                int x = r0 + 2 * ox;
                FloatVector lo = columnMax(padded, x, cols);
                FloatVector hi = columnMax(padded, x + lanes, cols);
                FloatVector right = even.selectFrom(columnMax(padded, x + 2, cols), columnMax(padded, x + 2 + lanes, cols));
                FloatVector max = even.selectFrom(lo, hi).max(odd.selectFrom(lo, hi)).max(right);
                store(max, output, dst, ox, outW);
            }
        }
    }

    /** Element-wise maximum of the L floats at {@code at} and at the same columns of the next two rows. */
    private static FloatVector columnMax(float[] padded, int at, int cols) {
        return FloatVector.fromArray(SPECIES, padded, at)
            .max(FloatVector.fromArray(SPECIES, padded, at + cols))
            .max(FloatVector.fromArray(SPECIES, padded, at + 2 * cols));
    }

    private static void store(FloatVector max, float[] output, int dst, int ox, int outW) {
        if (ox + SPECIES.length() <= outW) {
            max.intoArray(output, dst + ox);
        } else {
            max.intoArray(output, dst + ox, SPECIES.indexInRange(ox, outW));
        }
    }

    /** The arguments of one call as a reusable parallel loop body (per calling thread), so a split allocates nothing. */
    private static final class Call implements Parallel.RangeBody {
        private ConvShape shape;
        private float[] input;
        private int inputOffset;
        private float[] output;
        private int outputOffset;

        void set(ConvShape shape, float[] input, int inputOffset, float[] output, int outputOffset) {
            this.shape = shape;
            this.input = input;
            this.inputOffset = inputOffset;
            this.output = output;
            this.outputOffset = outputOffset;
        }

        void clear() {
            set(null, null, 0, null, 0);
        }

        @Override
        public void run(int part, int start, int end) {
            planes(shape, input, inputOffset, output, outputOffset, start, end);
        }
    }
}
