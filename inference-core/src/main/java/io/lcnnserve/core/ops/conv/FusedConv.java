package io.lcnnserve.core.ops.conv;

import io.lcnnserve.core.kernels.Activation;
import io.lcnnserve.core.kernels.ScratchBuffers;
import io.lcnnserve.core.kernels.conv.ConvShape;
import io.lcnnserve.core.kernels.KernelConfig;
import io.lcnnserve.core.kernels.LaneTranspose;
import io.lcnnserve.core.kernels.conv.DirectConvolution;
import io.lcnnserve.core.kernels.depthwise.ChannelBlockedDepthwise;
import io.lcnnserve.core.kernels.depthwise.DepthwiseConv3x3;
import io.lcnnserve.core.kernels.gemm.GemmEpilogue;
import io.lcnnserve.core.kernels.gemm.PackedMatrix;
import io.lcnnserve.core.kernels.gemm.Sgemm;
import io.lcnnserve.core.kernels.parallel.Parallel;
import io.lcnnserve.core.ops.ExecutionContext;
import io.lcnnserve.core.ops.ItemRanges;
import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.ops.spatial.KernelWindows;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import java.util.Arrays;

/**
 * A 2-D Conv whose bias (with any folded BatchNormalization) and activation are applied by the
 * kernel as it stores each output, dispatched on the geometry to the fastest path:
 * <ul>
 * <li>pointwise (1x1, stride 1, no padding): one GEMM per image and group, {@code Y = W · X} with
 *     X's [C, H*W] planes read in place as the right operand;</li>
 * <li>pointwise on a 1x1 plane (the convolutions after a global pool): the images as the rows of
 *     one product {@code Y^T = X^T · W^T}, so the weights stream once through the row kernel;</li>
 * <li>pointwise on other small planes (7x7): per image the same transposed product, positions as
 *     rows, into scratch, then a tile transpose into Y ({@link #SMALL_PLANE_POSITIONS});</li>
 * <li>depthwise (one input and one output channel per group): {@link ChannelBlockedDepthwise} (channels
 *     in vector lanes, any kernel size and stride), except wide 3x3 planes of stride 1 or 2, which run
 *     faster along rows ({@link DepthwiseConv3x3}); with scalar kernels forced, the direct loops;</li>
 * <li>few input channels (a first convolution on RGB), ungrouped and undilated with strides up to 2:
 *     the direct kernel {@link DirectConvolution}, which needs no im2col;</li>
 * <li>anything else: im2col of a block of output positions into per-thread scratch, then GEMM.</li>
 * </ul>
 * The weights are repacked once, when the optimizer builds this op at model load, for the path
 * the layer's shape will take, and shared read-only by every session. The node keeps its inputs
 * {@code [X, W, B]} (the initializers the packed copy was made from) for shape inference and cost
 * accounting; should a run take a path the weights were not packed for (an input of another
 * spatial size), it packs W on the fly instead.
 */
public final class FusedConv extends Conv {
    /** Cap on one im2col block, so the scratch stays cache-sized whatever the layer. */
    private static final int IM2COL_BLOCK_FLOATS = 1 << 17;
    /** Fewest output positions per thread for which the im2col blocks are split across threads. */
    private static final int MIN_COLUMNS_PER_THREAD = 4 * Sgemm.NR;
    /**
     * Output width from which 3x3 depthwise layers of stride 1 or 2 run on the row kernel (measured
     * on MobileNet's layers: faster at 56 and 112 output columns, slower at 28).
     */
    private static final int ROW_KERNEL_MIN_WIDTH = 48;

    private final int[] weightShape;
    private final Activation activation;
    /** One per output channel; zeros when the node had no bias. */
    private final float[] bias;
    /** Per group, W's rows [M/group, C/group * kh * kw] packed as GEMM left operands, or null. */
    private final PackedMatrix[] groupWeights;
    /** Per group, the bias rows and activation of that group's output channels. */
    private final GemmEpilogue[] groupEpilogues;
    /** W^T [C, M] packed as a GEMM right operand for small planes ({@link #SMALL_PLANE_POSITIONS}), or null. */
    private final PackedMatrix positionWeights;
    /** Bias per column of {@code Y^T} and the activation, for {@link #positionWeights}. */
    private final GemmEpilogue positionEpilogue;
    /** Depthwise weights [C, kh * kw]; null for the GEMM paths. */
    private final float[] depthwiseWeights;
    /** W packed for {@link DirectConvolution} when it has few enough input channels, else null. */
    private final float[] directWeights;
    /** Depthwise weights and bias in channel blocks ({@link ChannelBlockedDepthwise}); null for the GEMM paths. */
    private final float[] blockedWeights;
    private final float[] blockedBias;
    /** Geometry for the most recent input shape (ops are shared by sessions; replaced, never mutated). */
    private volatile Layout layout;

    private FusedConv(Conv conv, int[] weightShape, Activation activation, float[] bias, PackedMatrix[] groupWeights,
                      PackedMatrix positionWeights, float[] depthwiseWeights, float[] directWeights) {
        super(conv.window(), conv.group());
        this.weightShape = weightShape;
        this.activation = activation;
        this.bias = bias;
        this.groupWeights = groupWeights;
        this.positionWeights = positionWeights;
        this.depthwiseWeights = depthwiseWeights;
        this.directWeights = directWeights;
        this.blockedWeights = depthwiseWeights == null ? null
            : ChannelBlockedDepthwise.packWeights(depthwiseWeights, 0, weightShape[0], weightShape[2] * weightShape[3]);
        this.blockedBias = depthwiseWeights == null ? null : ChannelBlockedDepthwise.packBias(bias, 0, weightShape[0]);
        int outputChannelsPerGroup = weightShape[0] / conv.group();
        this.groupEpilogues = new GemmEpilogue[conv.group()];
        for (int g = 0; g < groupEpilogues.length; g++) {
            groupEpilogues[g] = GemmEpilogue.rowBias(bias, g * outputChannelsPerGroup, activation);
        }
        this.positionEpilogue = GemmEpilogue.columnBias(bias, 0, activation);
    }

    /**
     * Builds the fused op for a Conv node with constant 2-D weights W [M, C/group, kh, kw] and
     * optional constant bias B [M], packing the weights for the kernel its geometry will use.
     *
     * @throws OpException if the weights or bias do not fit the conv
     */
    public static FusedConv create(Conv conv, Tensor weights, Tensor bias, Activation activation) {
        return create(conv, weights, bias, activation, false);
    }

    /**
     * Output planes of at most this many positions (MobileNet's 7x7, and the 1x1 planes after a
     * global pool) run ungrouped 1x1 convolutions as the transposed product {@code Y^T = X^T · W^T}:
     * the output channels, a multiple of the tile width, fill whole tiles, where 49 positions
     * would leave a third of the last tile empty.
     */
    public static final int SMALL_PLANE_POSITIONS = 64;

    /** True when an output plane of {@code positions} positions takes the transposed product. */
    public static boolean prefersTransposedProduct(int positions) {
        return positions <= SMALL_PLANE_POSITIONS;
    }

    /**
     * As {@link #create(Conv, Tensor, Tensor, Activation)}; {@code smallPlanes} says the optimizer
     * knows the output planes are small ({@link #prefersTransposedProduct}), which packs an
     * ungrouped 1x1 kernel as the right operand of the transposed product.
     */
    public static FusedConv create(Conv conv, Tensor weights, Tensor bias, Activation activation,
                                   boolean smallPlanes) {
        if (!supports(conv, weights, bias)) {
            throw new OpException("FusedConv needs FLOAT weights [M, C/group, kh, kw] with M divisible by group = "
                + conv.group() + " and a FLOAT bias [M], got weights " + weights + " and bias " + bias);
        }
        int[] shape = weights.shape();
        int outputChannels = shape[0];
        int group = conv.group();
        float[] biasValues = bias == null ? new float[outputChannels] : bias.toFloatArray();
        float[] w = weights.floats();
        if (isDepthwise(shape, group)) {
            return new FusedConv(conv, shape, activation, biasValues, null, null,
                Arrays.copyOfRange(w, weights.offset(), weights.offset() + weights.size()), null);
        }
        int rows = outputChannels / group;
        int depth = shape[1] * shape[2] * shape[3];
        if (smallPlanes && group == 1 && shape[2] == 1 && shape[3] == 1) {
            PackedMatrix transposed = PackedMatrix.packRight(depth, outputChannels, w, weights.offset(), depth, true);
            return new FusedConv(conv, shape, activation, biasValues, null, transposed, null, null);
        }
        PackedMatrix[] packed = new PackedMatrix[group];
        for (int g = 0; g < group; g++) {
            packed[g] = PackedMatrix.packLeft(rows, depth, w, weights.offset() + g * rows * depth, depth, false);
        }
        float[] direct = group == 1 && shape[1] <= DirectConvolution.MAX_CHANNELS
            ? DirectConvolution.packWeights(outputChannels, depth, w, weights.offset())
            : null;
        return new FusedConv(conv, shape, activation, biasValues, packed, null, null, direct);
    }

    /** True when {@link #create} accepts these weights and bias for {@code conv}. */
    public static boolean supports(Conv conv, Tensor weights, Tensor bias) {
        if (weights == null || weights.type() != DataType.FLOAT || weights.rank() != 4 || weights.size() == 0) {
            return false;
        }
        if (weights.dim(0) % conv.group() != 0) {
            return false;
        }
        return bias == null || bias.type() == DataType.FLOAT && bias.rank() == 1 && bias.dim(0) == weights.dim(0);
    }

    /** The same convolution with another activation, sharing the packed weights. */
    public FusedConv withActivation(Activation newActivation) {
        return new FusedConv(this, weightShape, newActivation, bias, groupWeights, positionWeights, depthwiseWeights,
            directWeights);
    }

    public Activation activation() {
        return activation;
    }

    /** True when this conv runs on the depthwise kernel (one input and one output channel per group). */
    public boolean depthwise() {
        return depthwiseWeights != null;
    }

    /** True when the weights are packed for the transposed product on small output planes. */
    public boolean packedForSmallPlanes() {
        return positionWeights != null;
    }

    private static boolean isDepthwise(int[] weightShape, int group) {
        return group > 1 && weightShape[1] == 1 && weightShape[0] == group;
    }

    @Override
    public String opType() {
        return "FusedConv";
    }

    @Override
    public void eval(Tensor[] inputs, Tensor[] outputs) {
        eval(inputs, outputs, ExecutionContext.sequential());
    }

    @Override
    public void eval(Tensor[] inputs, Tensor[] outputs, ExecutionContext context) {
        Tensor x = inputs[0];
        Tensor w = inputs[1];
        Tensor y = outputs[0];
        Layout l = layout(x);
        ConvShape shape = l.shape;
        Parallel parallel = context.parallel();
        if (depthwiseWeights != null && KernelConfig.SCALAR) {
            DepthwiseConvolution.run(shape, l.batch, x.floats(), x.offset(), depthwiseWeights, bias, activation,
                y.floats(), y.offset(), parallel);
        } else if (depthwiseWeights != null && prefersRowKernel(shape)) {
            DepthwiseConv3x3.convolve(shape, depthwiseWeights, 0, bias, 0, activation, l.batch, x.floats(), x.offset(),
                y.floats(), y.offset(), parallel);
        } else if (depthwiseWeights != null) {
            ChannelBlockedDepthwise.convolve(shape, blockedWeights, blockedBias, activation, l.batch, x.floats(),
                x.offset(), y.floats(), y.offset(), parallel);
        } else if (positionWeights != null && shape.isPointwise() && shape.height() * shape.width() == 1) {
            // X [N, C, 1, 1] is X^T's rows and Y [N, M, 1, 1] is Y^T's: Y^T = X^T · W^T.
            Sgemm.multiply(l.batch, x.floats(), x.offset(), shape.channels(), false, positionWeights, y.floats(), y.offset(),
                shape.outChannels(), false, positionEpilogue, parallel);
        } else if (positionWeights != null && shape.isPointwise() && LaneTranspose.AVAILABLE) {
            for (int n = 0; n < l.batch; n++) {
                transposedProduct(shape, x.floats(), x.offset() + n * shape.channels() * shape.height() * shape.width(),
                    y.floats(), y.offset() + n * shape.outChannels() * shape.height() * shape.width(), parallel);
            }
        } else if (l.direct != null) {
            l.direct.convolve(bias, 0, activation, l.batch, x.floats(), x.offset(), y.floats(), y.offset(), parallel);
        } else if (parallel.threads() > 1 && l.batch >= parallel.threads()) {
            // Enough images to go round: each thread convolves whole images, its GEMMs on its own.
            ItemRanges.run(context, l.batch, (long) y.size() * shape.patchSize(), this, FusedConv::imageRange, inputs, outputs);
        } else {
            images(l, x, w, y, 0, l.batch, parallel);
        }
    }

    /**
     * One image of a 1x1 convolution on a small plane: {@code Y^T = X^T · W^T} (positions as rows,
     * with bias and activation) into scratch, then transposed into Y's channel planes.
     */
    private void transposedProduct(ConvShape shape, float[] x, int xOffset, float[] y, int yOffset, Parallel parallel) {
        int positions = shape.height() * shape.width();
        int channels = shape.outChannels();
        int rows = (positions + LaneTranspose.SIZE - 1) / LaneTranspose.SIZE * LaneTranspose.SIZE;
        float[] product = ScratchBuffers.get(ScratchBuffers.Slot.PRIMARY, rows * channels + LaneTranspose.SIZE);
        Sgemm.multiply(positions, x, xOffset, positions, true, positionWeights, product, 0, channels, false,
            positionEpilogue, parallel);
        LaneTranspose.transposeMatrix(product, 0, positions, channels, channels, y, yOffset, positions);
    }

    /**
     * Wide 3x3 output planes (MobileNet's 112x112 and 56x56 layers) fill whole vectors along their
     * rows and need no channel transposes, so the row kernel is faster there; everything else runs
     * on channel blocks.
     */
    private static boolean prefersRowKernel(ConvShape shape) {
        return DepthwiseConv3x3.supports(shape) && shape.outWidth() >= ROW_KERNEL_MIN_WIDTH;
    }

    private void imageRange(Tensor[] inputs, Tensor[] outputs, int first, int end) {
        images(layout(inputs[0]), inputs[0], inputs[1], outputs[0], first, end, Parallel.sequential());
    }

    /** Images [first, end) on the GEMM paths, each product split across {@code parallel}. */
    private void images(Layout l, Tensor x, Tensor w, Tensor y, int first, int end, Parallel parallel) {
        if (l.shape.isPointwise()) {
            pointwise(l, x, w, y, first, end, parallel);
        } else {
            im2colGemm(l, x, w, y, first, end, parallel);
        }
    }

    /** 1x1, stride 1, unpadded: {@code Y[n, group] = W[group] · X[n, group]} with X's planes as B. */
    private void pointwise(Layout l, Tensor x, Tensor w, Tensor y, int first, int end, Parallel parallel) {
        ConvShape shape = l.shape;
        int size = shape.height() * shape.width();
        for (int n = first; n < end; n++) {
            for (int g = 0; g < shape.group(); g++) {
                int xOffset = x.offset() + (n * shape.channels() + g * shape.inputChannelsPerGroup()) * size;
                int yOffset = y.offset() + (n * shape.outChannels() + g * shape.outChannelsPerGroup()) * size;
                multiplyGroup(shape, g, w, size, x.floats(), xOffset, size, y.floats(), yOffset, size, parallel);
            }
        }
    }

    /**
     * Blocks of output positions: im2col into [C/group * kh * kw, block] scratch, then GEMM into Y.
     * With several threads and enough positions, the blocks are split across the threads, each
     * unfolding into its own scratch and multiplying on its own, so the im2col runs in parallel too.
     */
    private void im2colGemm(Layout l, Tensor x, Tensor w, Tensor y, int first, int end, Parallel parallel) {
        ConvShape shape = l.shape;
        int depth = shape.patchSize();
        int inputSize = shape.height() * shape.width();
        int outputSize = shape.outHeight() * shape.outWidth();
        int block = Math.min(outputSize, Math.max(Sgemm.NR, IM2COL_BLOCK_FLOATS / depth / Sgemm.NR * Sgemm.NR));
        int threads = parallel.threads();
        boolean splitBlocks = threads > 1 && outputSize >= threads * MIN_COLUMNS_PER_THREAD;
        if (splitBlocks) {
            int perThread = (outputSize + threads - 1) / threads;
            block = Math.min(block, (perThread + Sgemm.NR - 1) / Sgemm.NR * Sgemm.NR);
        }
        int blockSize = block;
        int blocks = (outputSize + block - 1) / block;
        for (int n = first; n < end; n++) {
            for (int g = 0; g < shape.group(); g++) {
                int xOffset = x.offset() + (n * shape.channels() + g * shape.inputChannelsPerGroup()) * inputSize;
                int yOffset = y.offset() + (n * shape.outChannels() + g * shape.outChannelsPerGroup()) * outputSize;
                int group = g;
                if (splitBlocks) {
                    parallel.forRange(blocks, 1, (part, b0, b1) -> im2colBlocks(shape, group, x, w, y, xOffset, yOffset,
                        blockSize, b0, b1, Parallel.sequential()));
                } else {
                    im2colBlocks(shape, g, x, w, y, xOffset, yOffset, blockSize, 0, blocks, parallel);
                }
            }
        }
    }

    /** Blocks {@code [b0, b1)} of {@code block} output positions of one image's group. */
    private void im2colBlocks(ConvShape shape, int g, Tensor x, Tensor w, Tensor y, int xOffset, int yOffset, int block,
                              int b0, int b1, Parallel parallel) {
        int outputSize = shape.outHeight() * shape.outWidth();
        float[] columns = ScratchBuffers.get(ScratchBuffers.Slot.PRIMARY, shape.patchSize() * block);
        for (int b = b0; b < b1; b++) {
            int start = b * block;
            int stop = Math.min(outputSize, start + block);
            BlockIm2col.fill(shape, x.floats(), xOffset, shape.inputChannelsPerGroup(), start, stop, columns);
            multiplyGroup(shape, g, w, stop - start, columns, 0, stop - start, y.floats(), yOffset + start, outputSize,
                parallel);
        }
    }

    /** {@code Y_g[:, n columns] = epilogue(W_g · B)}, with W_g packed at load or, if it was packed otherwise, from W. */
    private void multiplyGroup(ConvShape shape, int g, Tensor w, int n, float[] b, int bOffset, int ldb, float[] y,
                               int yOffset, int ldc, Parallel parallel) {
        if (groupWeights != null) {
            Sgemm.multiply(groupWeights[g], n, b, bOffset, ldb, false, y, yOffset, ldc, false, groupEpilogues[g], parallel);
            return;
        }
        int rows = shape.outChannelsPerGroup();
        int depth = shape.patchSize();
        Sgemm.multiply(rows, n, depth, w.floats(), w.offset() + g * rows * depth, depth, false, b, bOffset, ldb, false,
            y, yOffset, ldc, false, groupEpilogues[g], parallel);
    }

    private Layout layout(Tensor x) {
        Layout l = layout;
        if (l != null && l.matches(x)) {
            return l;
        }
        int[] inputShape = x.shape();
        ConvShape shape = KernelWindows.of(geometry(inputShape, weightShape), inputShape[1], weightShape[0], group());
        DirectConvolution direct = directWeights != null && DirectConvolution.supports(shape)
            ? DirectConvolution.plan(shape, directWeights)
            : null;
        l = new Layout(inputShape[0], shape, direct);
        layout = l;
        return l;
    }

    /** The kernels' view of one input shape [N, C, H, W], with the direct kernel's plan if it runs it. */
    private record Layout(int batch, ConvShape shape, DirectConvolution direct) {
        boolean matches(Tensor x) {
            return x.dim(0) == batch && x.dim(1) == shape.channels() && x.dim(2) == shape.height()
                && x.dim(3) == shape.width();
        }
    }

    @Override
    public String toString() {
        return "FusedConv[" + Arrays.toString(weightShape) + ", group=" + group() + ", " + window() + ", " + activation
            + (depthwise() ? ", depthwise" : "") + (positionWeights != null ? ", small planes" : "") + "]";
    }
}
