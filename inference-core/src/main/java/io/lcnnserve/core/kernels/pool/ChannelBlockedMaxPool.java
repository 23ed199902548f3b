package io.lcnnserve.core.kernels.pool;

import static io.lcnnserve.core.kernels.KernelConfig.FLOAT_SPECIES;

import io.lcnnserve.core.kernels.ChannelBlocks;
import io.lcnnserve.core.kernels.conv.ConvShape;
import io.lcnnserve.core.kernels.parallel.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Max pooling on NCHW computed on blocks of {@link ChannelBlocks#LANES} channels: per strip of
 * output rows the -inf-padded input is gathered channel-interleaved, each output position is one
 * vector maximum over the window's taps, and the results are transposed back into the planes.
 * Any window, stride, padding ({@code ceil_mode} arrives as larger bottom/right pads) and
 * dilation; the {@link ConvShape}'s channel counts are ignored ({@code channels} says how many
 * planes an image has). Work items (image, channel block, strip) are split across threads.
 */
public final class ChannelBlockedMaxPool {

    private static final VectorSpecies<Float> SPECIES = FLOAT_SPECIES;
    private static final int LANES = ChannelBlocks.LANES;
    /** Input floats per strip, as for the depthwise kernel. */
    private static final int STRIP_BUDGET_FLOATS = 1 << 14;
    private static final ThreadLocal<Call> CALLS = ThreadLocal.withInitial(Call::new);

    private ChannelBlockedMaxPool() {
    }

    public static void compute(ConvShape shape, int batch, int channels, float[] input, int inputOffset, float[] output,
                               int outputOffset, Parallel parallel) {
        int rowsPerStrip = ChannelBlocks.outRowsPerStrip(shape, STRIP_BUDGET_FLOATS);
        int items = ChannelBlocks.workItems(shape, batch, channels, rowsPerStrip);
        if (parallel.threads() == 1 || items == 1) {
            items(shape, channels, input, inputOffset, output, outputOffset, rowsPerStrip, 0, items);
            return;
        }
        Call call = CALLS.get();
        call.set(shape, channels, input, inputOffset, output, outputOffset, rowsPerStrip);
        try {
            parallel.forRange(items, 1, call);
        } finally {
            call.clear();
        }
    }

    /** The arguments of one call as a reusable parallel loop body (per calling thread), so a split allocates nothing. */
    private static final class Call implements Parallel.RangeBody {
        private ConvShape shape;
        private int channels;
        private float[] input;
        private int inputOffset;
        private float[] output;
        private int outputOffset;
        private int rowsPerStrip;

        void set(ConvShape shape, int channels, float[] input, int inputOffset, float[] output, int outputOffset,
                 int rowsPerStrip) {
            this.shape = shape;
            this.channels = channels;
            this.input = input;
            this.inputOffset = inputOffset;
            this.output = output;
            this.outputOffset = outputOffset;
            this.rowsPerStrip = rowsPerStrip;
        }

        void clear() {
            set(null, 0, null, 0, null, 0, 0);
        }

        @Override
        public void run(int part, int start, int end) {
            items(shape, channels, input, inputOffset, output, outputOffset, rowsPerStrip, start, end);
        }
    }

    /** Work items {@code [start, end)} ({@link ChannelBlocks#workItems}). */
    private static void items(ConvShape s, int channels, float[] input, int inputOffset, float[] output,
                              int outputOffset, int rowsPerStrip, int start, int end) {
        ChannelBlocks.Workspace workspace = ChannelBlocks.Workspace.forCall(s, channels, rowsPerStrip);
        for (int item = start; item < end; item++) {
            workspace.gatherItem(item, input, inputOffset, Float.NEGATIVE_INFINITY);
            if (s.kernelH() == 3 && s.kernelW() == 3) {
                max3x3(s, workspace.strip(), workspace.outRows(), workspace.results());
            } else {
                maxGeneral(s, workspace.strip(), workspace.outRows(), workspace.results());
            }
            workspace.scatterItem(output, outputOffset);
        }
    }

    /** 3x3 windows written out, the maximum kept in a register. */
    private static void max3x3(ConvShape s, float[] strip, int outRows, float[] results) {
        int rowStep = ChannelBlocks.stripCols(s) * LANES;
        int outW = s.outWidth();
        int dy = s.dilationH() * rowStep;
        int dx = s.dilationW() * LANES;
        int step = s.strideW() * LANES;
        for (int oy = 0; oy < outRows; oy++) {
            int row = oy * s.strideH() * rowStep;
            int dst = oy * outW * LANES;
            for (int ox = 0; ox < outW; ox++) {
                int p = row + ox * step;
                FloatVector max = FloatVector.fromArray(SPECIES, strip, p);
                max = max.max(FloatVector.fromArray(SPECIES, strip, p + dx));
                max = max.max(FloatVector.fromArray(SPECIES, strip, p + 2 * dx));
                max = max.max(FloatVector.fromArray(SPECIES, strip, p + dy));
                max = max.max(FloatVector.fromArray(SPECIES, strip, p + dy + dx));
                max = max.max(FloatVector.fromArray(SPECIES, strip, p + dy + 2 * dx));
                max = max.max(FloatVector.fromArray(SPECIES, strip, p + 2 * dy));
                max = max.max(FloatVector.fromArray(SPECIES, strip, p + 2 * dy + dx));
                max = max.max(FloatVector.fromArray(SPECIES, strip, p + 2 * dy + 2 * dx));
                max.intoArray(results, dst + ox * LANES);
            }
        }
    }

    /** Any window: the running maximum lives in the results, one tap at a time over a whole output row. */
    private static void maxGeneral(ConvShape s, float[] strip, int outRows, float[] results) {
        int rowStep = ChannelBlocks.stripCols(s) * LANES;
        int outW = s.outWidth();
        int step = s.strideW() * LANES;
        FloatVector lowest = FloatVector.broadcast(SPECIES, Float.NEGATIVE_INFINITY);
        for (int oy = 0; oy < outRows; oy++) {
            int dst = oy * outW * LANES;
            for (int ox = 0; ox < outW; ox++) {
                lowest.intoArray(results, dst + ox * LANES);
            }
            for (int ky = 0; ky < s.kernelH(); ky++) {
                int row = (oy * s.strideH() + ky * s.dilationH()) * rowStep;
                for (int kx = 0; kx < s.kernelW(); kx++) {
                    int p = row + kx * s.dilationW() * LANES;
                    for (int ox = 0; ox < outW; ox++) {
                        int r = dst + ox * LANES;
                        FloatVector.fromArray(SPECIES, strip, p + ox * step)
                            .max(FloatVector.fromArray(SPECIES, results, r)).intoArray(results, r);
                    }
                }
            }
        }
    }
}
