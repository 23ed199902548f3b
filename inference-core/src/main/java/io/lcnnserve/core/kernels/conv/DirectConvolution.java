package io.lcnnserve.core.kernels.conv;

import static io.lcnnserve.core.kernels.KernelConfig.FLOAT_SPECIES;

import io.lcnnserve.core.kernels.Activation;
import io.lcnnserve.core.kernels.KernelConfig;
import io.lcnnserve.core.kernels.PaddedPlanes;
import io.lcnnserve.core.kernels.ScratchBuffers;
import io.lcnnserve.core.kernels.activation.ActivationKernels;
import io.lcnnserve.core.kernels.gemm.MicroKernel;
import io.lcnnserve.core.kernels.gemm.Sgemm;
import io.lcnnserve.core.kernels.parallel.Parallel;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Direct convolution for layers with few input channels (a network's first convolution on RGB),
 * where im2col would write a column matrix as large as the whole output for a GEMM only
 * {@code C * kH * kW} deep.
 *
 * <p>The output is computed in bands of output rows. For each band, the input rows the band reads
 * are copied once into a per-thread buffer, zero-padded and, for a horizontal stride of 2, split
 * into even and odd columns ({@code phase[j] = padded[2j + phase]}), so that every tap of every
 * output vector is a unit-stride load: tap {@code (c, ky, kx)} of output column {@code ox} is
 * element {@code ox + kx / sW} of phase {@code kx % sW} of padded row {@code oy * sH + ky}. The
 * taps of each run of {@link Sgemm#NR} output columns of the band are gathered from it into a
 * [K, NR] panel (the band's panels are sized to stay in cache; K is padded to a multiple of 4 with
 * zero taps, which the tile's loop runs faster than an odd depth), then each 8-channel weight panel
 * passes over all of the band's panels on the GEMM's register tile ({@link MicroKernel#tile8x2}),
 * adding the bias (and a clamp activation) in registers, so each output channel's rows are written
 * front to back. Other activations, and the bias of the channels of a last partial weight panel,
 * are applied over the band's rows while they are still in cache.
 *
 * <p>The tile is the GEMM's, not a kernel of its own: a rarely called method with this many vector
 * values fails C1's register allocation and then runs without vector intrinsics until C2 compiles
 * it, while the GEMM's tile is hot from every layer.
 *
 * <p>An instance is the plan for one layer geometry: the packed weights and the tap offsets into
 * the band buffer. Immutable; {@link #convolve} allocates nothing when run on one thread.
 */
public final class DirectConvolution {

    private static final VectorSpecies<Float> SPECIES = FLOAT_SPECIES;
    private static final int L = SPECIES.length();
    private static final int NR = Sgemm.NR;
    /** Output channels per register tile: the weights broadcast per tap. */
    static final int CHANNEL_TILE = Sgemm.MR;
    /** Input channels up to which the direct kernel beats im2col + GEMM. */
    public static final int MAX_CHANNELS = 4;
    /** The tile's depth loop runs fastest on a multiple of this many taps (27 taps take as long as 32). */
    private static final int DEPTH_MULTIPLE = 4;
    /** Target size of a band's tap panels (128 KiB), so they stay in L2 while every weight panel passes over them. */
    private static final int BAND_PANEL_FLOATS = 32 * 1024;

    private final ConvShape shape;
    /** Weights as [ceil(M/8)] panels of [K][8]: the 8 channels' weights of one tap are adjacent. */
    private final float[] weights;
    /** Bias of zeros for calls without one, padded to whole panels. */
    private final float[] zeroBias;
    private final int depth;
    /** {@link #depth} rounded up to {@link #DEPTH_MULTIPLE}: the extra taps have zero weights and read zeros. */
    private final int paddedDepth;
    private final int outHeight;
    private final int outWidth;
    /** Columns of one phase of a buffered row: the output width in whole tiles, plus the taps' reach. */
    private final int rowLength;
    /** Floats of one buffered padded row (all its phases). */
    private final int rowFloats;
    /** Tap panels per output row: the output width in NR-column tiles. */
    private final int tilesPerRow;
    /** Floats of one tap panel [K', NR]. */
    private final int panelFloats;
    /** Output rows per band. */
    private final int bandRows;
    /** Padded input rows buffered per band and channel. */
    private final int bufferRows;
    /** Per tap {@code (c, ky, kx)}, its element of output (0, 0) in the band buffer. */
    private final int[] tapOffsets;

    private DirectConvolution(ConvShape shape, float[] weights) {
        this.shape = shape;
        this.weights = weights;
        this.depth = shape.patchSize();
        this.paddedDepth = paddedDepth(depth);
        this.outHeight = shape.outHeight();
        this.outWidth = shape.outWidth();
        this.zeroBias = new float[(shape.outChannels() + CHANNEL_TILE - 1) / CHANNEL_TILE * CHANNEL_TILE];
        int sw = shape.strideW();
        int sh = shape.strideH();
        this.rowLength = (outWidth + NR - 1) / NR * NR + (shape.kernelW() - 1) / sw;
        this.rowFloats = sw * rowLength;
        this.tilesPerRow = (outWidth + NR - 1) / NR;
        this.panelFloats = paddedDepth * NR;
        this.bandRows = Math.min(outHeight, Math.max(1, BAND_PANEL_FLOATS / (tilesPerRow * panelFloats)));
        this.bufferRows = sh * (bandRows - 1) + shape.kernelH();
        this.tapOffsets = new int[depth];
        int t = 0;
        for (int c = 0; c < shape.channels(); c++) {
            for (int ky = 0; ky < shape.kernelH(); ky++) {
                for (int kx = 0; kx < shape.kernelW(); kx++) {
                    tapOffsets[t++] = (c * bufferRows + ky) * rowFloats + (kx % sw) * rowLength + kx / sw;
                }
            }
        }
    }

    /**
     * True when {@code shape} runs on this kernel: ungrouped, undilated, few input channels,
     * strides 1 or 2, an output at least one vector wide, and vector kernels enabled.
     */
    public static boolean supports(ConvShape shape) {
        return KernelConfig.vectorized() && shape.group() == 1 && shape.channels() <= MAX_CHANNELS
            && shape.dilationH() == 1 && shape.dilationW() == 1
            && shape.strideH() <= 2 && shape.strideW() <= 2 && shape.outWidth() >= L;
    }

    private static int paddedDepth(int patchSize) {
        return (patchSize + DEPTH_MULTIPLE - 1) / DEPTH_MULTIPLE * DEPTH_MULTIPLE;
    }

    /**
     * Packs weights laid out as ONNX Conv's W [M, C, kH, kW] (starting at {@code offset}) into
     * 8-channel panels of the padded depth K', {@code panel[(m / 8) * K' * 8 + k * 8 + m % 8]}, zero
     * for the missing channels of the last panel and for the padding taps.
     */
    public static float[] packWeights(int outChannels, int patchSize, float[] w, int offset) {
        int panels = (outChannels + CHANNEL_TILE - 1) / CHANNEL_TILE;
        int depth = paddedDepth(patchSize);
        float[] packed = new float[panels * depth * CHANNEL_TILE];
        for (int m = 0; m < outChannels; m++) {
            int base = (m / CHANNEL_TILE) * depth * CHANNEL_TILE + m % CHANNEL_TILE;
            for (int k = 0; k < patchSize; k++) {
                packed[base + k * CHANNEL_TILE] = w[offset + m * patchSize + k];
            }
        }
        return packed;
    }

    /** The plan for {@code shape} with weights from {@link #packWeights}. */
    public static DirectConvolution plan(ConvShape shape, float[] packedWeights) {
        if (!supports(shape)) {
            throw new IllegalArgumentException("direct convolution does not support " + shape);
        }
        int expected = (shape.outChannels() + CHANNEL_TILE - 1) / CHANNEL_TILE * paddedDepth(shape.patchSize())
            * CHANNEL_TILE;
        if (packedWeights.length != expected) {
            throw new IllegalArgumentException("packed weights for " + shape + " need " + expected + " floats, got "
                + packedWeights.length);
        }
        return new DirectConvolution(shape, packedWeights);
    }

    public ConvShape shape() {
        return shape;
    }

    /**
     * {@code output[n, m, oy, ox] = activation(bias[m] + sum W[m, c, ky, kx] * x[n, c, iy, ix])} for
     * {@code batch} NCHW images; {@code bias} may be null. Bands of all images are split across
     * {@code parallel}'s threads.
     */
    public void convolve(float[] bias, int biasOffset, Activation activation, int batch, float[] input,
                         int inputOffset, float[] output, int outputOffset, Parallel parallel) {
        int bands = (outHeight + bandRows - 1) / bandRows;
        int units = batch * bands;
        if (parallel.threads() == 1 || units == 1) {
            bands(0, units, bands, bias, biasOffset, activation, input, inputOffset, output, outputOffset);
        } else {
            parallel.forRange(units, 1, (part, start, end) ->
                bands(start, end, bands, bias, biasOffset, activation, input, inputOffset, output, outputOffset));
        }
    }

    /** Units {@code [first, end)}, unit {@code u} being band {@code u % bands} of image {@code u / bands}. */
    private void bands(int first, int end, int bands, float[] bias, int biasOffset, Activation activation,
                       float[] input, int inputOffset, float[] output, int outputOffset) {
        float[] buffer = ScratchBuffers.get(ScratchBuffers.Slot.PRIMARY, shape.channels() * bufferRows * rowFloats);
        // The band's tap panels (their padding taps zero), then a spill tile for edge tiles.
        int panels = bandRows * tilesPerRow;
        float[] panel = ScratchBuffers.get(ScratchBuffers.Slot.SECONDARY, panels * panelFloats + CHANNEL_TILE * NR);
        for (int i = 0; i < panels; i++) {
            Arrays.fill(panel, i * panelFloats + depth * NR, (i + 1) * panelFloats, 0f);
        }
        int inPlane = shape.height() * shape.width();
        int outPlane = outHeight * outWidth;
        for (int u = first; u < end; u++) {
            int n = u / bands;
            int firstRow = (u % bands) * bandRows;
            int rows = Math.min(bandRows, outHeight - firstRow);
            fillBand(input, inputOffset + n * shape.channels() * inPlane, firstRow, buffer);
            computeBand(buffer, panel, firstRow, rows, bias, biasOffset, activation, output,
                outputOffset + n * shape.outChannels() * outPlane);
        }
    }

    /** Copies the padded (and phase-split) input rows of the band starting at output row {@code firstRow}. */
    private void fillBand(float[] input, int imageOffset, int firstRow, float[] buffer) {
        int sw = shape.strideW();
        int width = shape.width();
        for (int c = 0; c < shape.channels(); c++) {
            int plane = imageOffset + c * shape.height() * width;
            for (int r = 0; r < bufferRows; r++) {
                int dst = (c * bufferRows + r) * rowFloats;
                int iy = firstRow * shape.strideH() + r - shape.padTop();
                if (iy < 0 || iy >= shape.height()) {
                    Arrays.fill(buffer, dst, dst + rowFloats, 0f);
                    continue;
                }
                int src = plane + iy * width;
                for (int phase = 0; phase < sw; phase++) {
                    // phase[j] = x[iy][sw * j + phase - padLeft], inside the row for j in [lo, hi).
                    int shift = phase - shape.padLeft();
                    int lo = Math.min(rowLength, Math.max(0, Math.floorDiv(-shift + sw - 1, sw)));
                    int hi = Math.max(lo, Math.min(rowLength, Math.floorDiv(width - 1 - shift, sw) + 1));
                    int d = dst + phase * rowLength;
                    Arrays.fill(buffer, d, d + lo, 0f);
                    if (sw == 1) {
                        System.arraycopy(input, src + lo + shift, buffer, d + lo, hi - lo);
                    } else {
                        PaddedPlanes.copyEvenElements(input, src + 2 * lo + shift, buffer, d + lo, hi - lo);
                    }
                    Arrays.fill(buffer, d + hi, d + rowLength, 0f);
                }
            }
        }
    }

    /**
     * All output channels of output rows {@code [firstRow, firstRow + rows)} from the filled band
     * buffer: the band's tap panels first, then each weight panel over all of them, so each output
     * channel's band rows are written front to back.
     */
    private void computeBand(float[] buffer, float[] panels, int firstRow, int rows, float[] bias, int biasOffset,
                             Activation activation, float[] output, int imageOutput) {
        int outPlane = outHeight * outWidth;
        int rowStep = shape.strideH() * rowFloats;
        for (int r = 0; r < rows; r++) {
            for (int t = 0; t < tilesPerRow; t++) {
                gatherTaps(buffer, r * rowStep + t * NR, panels, (r * tilesPerRow + t) * panelFloats);
            }
        }
        int spill = bandRows * tilesPerRow * panelFloats;
        boolean clamp = activation.isClamp();
        float[] rowBias = bias == null ? zeroBias : bias;
        int rowBiasOffset = bias == null ? 0 : biasOffset;
        // Full weight panels add the bias (and clamp) in registers; other activations follow below.
        float low = clamp ? activation.clampLow() : Float.NEGATIVE_INFINITY;
        float high = clamp ? activation.clampHigh() : Float.POSITIVE_INFINITY;
        int fullPanels = shape.outChannels() / CHANNEL_TILE;
        for (int m = 0; m < shape.outChannels(); m += CHANNEL_TILE) {
            int channels = Math.min(CHANNEL_TILE, shape.outChannels() - m);
            boolean fused = channels == CHANNEL_TILE;
            int w = m * paddedDepth;
            for (int r = 0; r < rows; r++) {
                int rowOutput = imageOutput + m * outPlane + (firstRow + r) * outWidth;
                for (int t = 0; t < tilesPerRow; t++) {
                    int b = (r * tilesPerRow + t) * panelFloats;
                    int x = t * NR;
                    int columns = Math.min(NR, outWidth - x);
                    if (columns == NR && channels == CHANNEL_TILE) {
                        MicroKernel.tile8x2(paddedDepth, weights, w, panels, b, NR, output, rowOutput + x, outPlane,
                            false, fused, rowBias, rowBiasOffset + m, low, high);
                    } else {
                        MicroKernel.tile8x2(paddedDepth, weights, w, panels, b, NR, panels, spill, NR, false,
                            fused, rowBias, rowBiasOffset + m, low, high);
                        for (int c = 0; c < channels; c++) {
                            System.arraycopy(panels, spill + c * NR, output, rowOutput + x + c * outPlane, columns);
                        }
                    }
                }
            }
        }
        // What the tiles left out, over each channel's band rows while they are in cache.
        for (int m = 0; m < shape.outChannels(); m++) {
            int start = imageOutput + m * outPlane + firstRow * outWidth;
            if (m >= fullPanels * CHANNEL_TILE) {
                ActivationKernels.applyToBlock(activation, bias, biasOffset + m, null, 0, output, start, 0, 1,
                    rows * outWidth);
            } else if (!clamp) {
                ActivationKernels.apply(activation, output, start, output, start, rows * outWidth);
            }
        }
    }

    /** {@code panel[to + t * NR + j] = buffer[at + tapOffsets[t] + j]}: the K x NR right operand of one tile. */
    private void gatherTaps(float[] buffer, int at, float[] panel, int to) {
        int[] taps = tapOffsets;
        for (int t = 0; t < depth; t++) {
            int src = at + taps[t];
            FloatVector.fromArray(SPECIES, buffer, src).intoArray(panel, to + t * NR);
            FloatVector.fromArray(SPECIES, buffer, src + L).intoArray(panel, to + t * NR + L);
        }
    }
}
