package io.lcnnserve.core.kernels;

import static io.lcnnserve.core.kernels.KernelConfig.FLOAT_SPECIES;

import io.lcnnserve.core.kernels.conv.ConvShape;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Channel-interleaved strips of NCHW planes for per-channel window kernels (depthwise convolution,
 * max pooling): the kernel sees {@code LANES} channels at once, one per vector lane, so every
 * window tap is one full vector whatever the plane's width or the stride.
 *
 * <p>NCHW keeps the graph's layout; only the window kernels work on blocks, converting at their
 * own edges. On small planes (7x7, 14x14) a vector along a row would leave most lanes empty and
 * each row pays masked tails; with channels in lanes nothing is masked.
 *
 * <p>A block is {@code LANES} consecutive channels {@code c0 ..} of one image; its last lanes
 * repeat the last channel when the channel count is not a multiple of {@code LANES} (their results
 * are never written back). A strip is output rows {@code [oy0, oy1)}; its input is the padded
 * window rows they read, {@code [rows][cols][LANES]}, with {@code fill} where the window leaves
 * the image.
 */
public final class ChannelBlocks {

    private static final VectorSpecies<Float> SPECIES = FLOAT_SPECIES;
    /** Lanes per block. */
    public static final int LANES = SPECIES.length();
    /** Gather map reading one lane's channel out of {@code [positions][LANES]}: position i at i * LANES. */
    private static final int[] POSITION_STRIDE = positionStride();

    private ChannelBlocks() {
    }

    private static int[] positionStride() {
        int[] map = new int[LANES];
        for (int i = 0; i < LANES; i++) {
            map[i] = i * LANES;
        }
        return map;
    }

    /** Number of channel blocks for {@code channels}. */
    public static int blocks(int channels) {
        return (channels + LANES - 1) / LANES;
    }

    /** Strips of {@code rowsPerStrip} output rows covering the output plane. */
    public static int stripCount(ConvShape s, int rowsPerStrip) {
        return (s.outHeight() + rowsPerStrip - 1) / rowsPerStrip;
    }

    /** Work items (image, channel block, strip) of a kernel call over {@code batch} images of {@code channels} planes. */
    public static int workItems(ConvShape s, int batch, int channels, int rowsPerStrip) {
        return batch * blocks(channels) * stripCount(s, rowsPerStrip);
    }

    /** Padded input columns one strip row holds: every column the windows of a full output row read. */
    public static int stripCols(ConvShape s) {
        return (s.outWidth() - 1) * s.strideW() + (s.kernelW() - 1) * s.dilationW() + 1;
    }

    /** Input rows read by {@code outRows} consecutive output rows. */
    public static int stripRows(ConvShape s, int outRows) {
        return (outRows - 1) * s.strideH() + (s.kernelH() - 1) * s.dilationH() + 1;
    }

    /**
     * Output rows per strip so that one strip's input stays near {@code budgetFloats} (cache-sized);
     * at least one row.
     */
    public static int outRowsPerStrip(ConvShape s, int budgetFloats) {
        int perOutRow = s.strideH() * stripCols(s) * LANES;
        return Math.max(1, Math.min(s.outHeight(), budgetFloats / Math.max(1, perOutRow)));
    }

    /**
     * Fills {@code map[0 .. LANES)} with the offsets of block {@code c0}'s channel planes relative to
     * channel {@code c0}'s plane, repeating the last channel past {@code channels}.
     */
    public static void channelMap(int c0, int channels, int planeSize, int[] map) {
        for (int lane = 0; lane < LANES; lane++) {
            map[lane] = (Math.min(c0 + lane, channels - 1) - c0) * planeSize;
        }
    }

    /**
     * Fills {@code offsets[iy * W + x]} with the strip offset of input element (iy, x) for a strip
     * whose first row is input row 0: {@code (iy * cols + x + padLeft) * LANES}. A strip starting at
     * input row {@code y0} subtracts {@code y0 * cols * LANES}. Computed once per kernel call.
     */
    public static void planeOffsets(ConvShape s, int[] offsets) {
        int cols = stripCols(s);
        for (int iy = 0; iy < s.height(); iy++) {
            for (int x = 0; x < s.width(); x++) {
                offsets[iy * s.width() + x] = (iy * cols + x + s.padLeft()) * LANES;
            }
        }
    }

    /**
     * Gathers the padded input rows of output rows {@code [oy0, oy1)} into {@code strip}
     * {@code [rows][cols][LANES]}: {@code plane} is the offset of channel {@code c0}'s [H, W] plane
     * in {@code input}, {@code map} its {@link #channelMap}, {@code offsets} the
     * {@link #planeOffsets}; {@code scratch} holds {@link LaneTranspose#TILE_FLOATS}. The input
     * rows are read as one run of 16-element tiles across row ends, so narrow planes transpose as
     * well as wide ones.
     */
    public static void gatherStrip(ConvShape s, float[] input, int plane, int[] map, int[] offsets, int oy0, int oy1,
                                   float fill, float[] strip, float[] scratch) {
        int cols = stripCols(s);
        int rows = stripRows(s, oy1 - oy0);
        int width = s.width();
        int firstY = oy0 * s.strideH() - s.padTop();
        int firstX = Math.min(cols, Math.max(0, s.padLeft()));
        int endX = Math.max(firstX, Math.min(cols, s.padLeft() + width));
        FloatVector fillVector = FloatVector.broadcast(SPECIES, fill);
        for (int r = 0; r < rows; r++) {
            int iy = firstY + r;
            int row = r * cols * LANES;
            boolean inside = iy >= 0 && iy < s.height();
            for (int x = 0; x < cols; x++) {
                if (!inside || x < firstX || x >= endX) {
                    fillVector.intoArray(strip, row + x * LANES);
                }
            }
        }
        int shift = -firstY * cols * LANES;
        int start = Math.max(0, firstY) * width;
        int end = Math.min(s.height(), firstY + rows) * width;
        int e = start;
        if (LaneTranspose.AVAILABLE) {
            int last = plane + map[LANES - 1];
            for (; e < end; e += LANES) {
                int count = Math.min(LANES, end - e);
                if (last + e + LANES > input.length) {
                    break;
                }
                LaneTranspose.transpose(input, plane + e, map, scratch);
                LaneTranspose.copyRows(scratch, strip, shift, offsets, e, count, LANES);
            }
        }
        // The last tiles of the tensor, where a whole tile would read past the array, go element by element.
        for (; e < end; e++) {
            int dst = shift + offsets[e];
            for (int lane = 0; lane < LANES; lane++) {
                strip[dst + lane] = input[plane + e + map[lane]];
            }
        }
    }

    /**
     * Writes {@code count} block results {@code results[position][LANES]} (positions in output
     * order; the array holds whole tiles of positions) back to the first {@code validLanes} channel
     * planes: lane {@code l}'s values go to {@code output[first + planes[l] ..]}; {@code scratch}
     * holds {@link LaneTranspose#TILE_FLOATS}.
     */
    public static void scatterPositions(float[] results, int count, int validLanes, float[] output, int first,
                                        int[] planes, float[] scratch) {
        int p = 0;
        if (LaneTranspose.AVAILABLE) {
            int last = first + planes[validLanes - 1];
            for (; p < count; p += LANES) {
                int columns = Math.min(LANES, count - p);
                if (last + p + LANES > output.length) {
                    break;
                }
                LaneTranspose.transpose(results, p * LANES, POSITION_STRIDE, scratch);
                LaneTranspose.copyRows(scratch, output, first + p, planes, 0, validLanes, columns);
            }
        }
        for (int lane = 0; lane < validLanes; lane++) {
            int dst = first + planes[lane];
            for (int i = p; i < count; i++) {
                output[dst + i] = results[i * LANES + lane];
            }
        }
    }

    /** Fills {@code planes[l] = l * planeSize}: the output plane of each lane's channel relative to the block's first. */
    public static void planeStarts(int planeSize, int[] planes) {
        for (int lane = 0; lane < LANES; lane++) {
            planes[lane] = lane * planeSize;
        }
    }

    /**
     * One thread's scratch for a kernel call on channel blocks: the gathered strip, the block
     * results, the channel map, the plane offsets and a transpose tile. Reused call after call
     * (grown when a larger layer needs it), so kernels allocate nothing once warm.
     */
    public static final class Workspace {
        private static final ThreadLocal<Workspace> PER_THREAD = ThreadLocal.withInitial(Workspace::new);

        private final int[] map = new int[LANES];
        private final int[] planes = new int[LANES];
        private final float[] tile = new float[LaneTranspose.TILE_FLOATS];
        private int[] offsets = new int[0];
        private float[] strip = new float[0];
        private float[] results = new float[0];
        private ConvShape shape;
        private int channels;
        private int rowsPerStrip;
        private int strips;
        /** The current work item (see {@link #gatherItem}). */
        private int image;
        private int block;
        private int firstRow;
        private int endRow;

        private Workspace() {
        }

        /**
         * The calling thread's workspace, prepared for images of {@code channels} planes of
         * {@code s} in strips of {@code rowsPerStrip} output rows.
         */
        public static Workspace forCall(ConvShape s, int channels, int rowsPerStrip) {
            Workspace w = PER_THREAD.get();
            w.shape = s;
            w.channels = channels;
            w.rowsPerStrip = rowsPerStrip;
            w.strips = stripCount(s, rowsPerStrip);
            int inPlane = s.height() * s.width();
            if (w.offsets.length < inPlane) {
                w.offsets = new int[inPlane];
            }
            planeOffsets(s, w.offsets);
            planeStarts(s.outHeight() * s.outWidth(), w.planes);
            int stripSize = stripRows(s, rowsPerStrip) * stripCols(s) * LANES;
            if (w.strip.length < stripSize) {
                w.strip = new float[stripSize];
            }
            int resultSize = (rowsPerStrip * s.outWidth() + LANES - 1) / LANES * LANES * LANES;
            if (w.results.length < resultSize) {
                w.results = new float[resultSize];
            }
            return w;
        }

        /** The gathered strip {@code [rows][cols][LANES]}. */
        public float[] strip() {
            return strip;
        }

        /** The block results {@code [positions][LANES]}, with room for whole tiles of positions. */
        public float[] results() {
            return results;
        }

        /**
         * Selects work item {@code item} (numbered (image, channel block, strip), the strip fastest;
         * see {@link #workItems}) and gathers its strip from {@code input} (the tensor starts at
         * {@code inputOffset}), with {@code fill} where the windows leave the image.
         */
        public void gatherItem(int item, float[] input, int inputOffset, float fill) {
            int stripIndex = item % strips;
            block = item / strips % blocks(channels);
            image = item / strips / blocks(channels);
            firstRow = stripIndex * rowsPerStrip;
            endRow = Math.min(shape.outHeight(), firstRow + rowsPerStrip);
            int inPlane = shape.height() * shape.width();
            int c0 = block * LANES;
            channelMap(c0, channels, inPlane, map);
            ChannelBlocks.gatherStrip(shape, input, inputOffset + (image * channels + c0) * inPlane, map, offsets,
                firstRow, endRow, fill, strip, tile);
        }

        /** The current item's channel block. */
        public int block() {
            return block;
        }

        /** Output rows of the current item's strip. */
        public int outRows() {
            return endRow - firstRow;
        }

        /** Output positions of the current item: its results, in output order. */
        public int positions() {
            return (endRow - firstRow) * shape.outWidth();
        }

        /** Writes the current item's results into its channels' planes of {@code output} (the tensor starts at {@code outputOffset}). */
        public void scatterItem(float[] output, int outputOffset) {
            int c0 = block * LANES;
            int outPlane = shape.outHeight() * shape.outWidth();
            ChannelBlocks.scatterPositions(results, positions(), Math.min(LANES, channels - c0), output,
                outputOffset + (image * channels + c0) * outPlane + firstRow * shape.outWidth(), planes, tile);
        }
    }
}
