package io.lcnnserve.core.ops.spatial;

import io.lcnnserve.core.ops.Attributes;
import io.lcnnserve.core.ops.NodeSpec;
import io.lcnnserve.core.ops.OpException;
import java.util.Arrays;

/**
 * The sliding-window attributes of Conv, ConvTranspose, DeformConv and the pools
 * ({@code auto_pad, kernel_shape, strides, dilations, pads, ceil_mode}), validated at load time,
 * and the rules that turn them into a {@link WindowGeometry} for concrete input shapes.
 *
 * <p>Absent attributes take ONNX's defaults (stride 1, dilation 1, zero pads, kernel from the
 * weights). Each op declares through {@link #reader} which of these attributes it has and since
 * which opset; an attribute the op does not declare stays unread, so the importer rejects it.
 */
public final class WindowAttributes {
    private final AutoPad autoPad;
    /** Null when the kernel comes from the weights' shape. */
    private final int[] kernelShape;
    /** Null when absent (all 1). */
    private final int[] strides;
    /** Null when absent (all 1). */
    private final int[] dilations;
    /** [x1_begin, x2_begin, ..., x1_end, x2_end, ...]; null when absent (all 0). */
    private final int[] pads;
    private final boolean ceilMode;

    private WindowAttributes(AutoPad autoPad, int[] kernelShape, int[] strides, int[] dilations, int[] pads,
                             boolean ceilMode) {
        this.autoPad = autoPad;
        this.kernelShape = kernelShape;
        this.strides = strides;
        this.dilations = dilations;
        this.pads = pads;
        this.ceilMode = ceilMode;
    }

    /** Starts reading the window attributes of {@code node}; say which ones the op has, then {@link Reader#read()}. */
    public static Reader reader(NodeSpec node) {
        return new Reader(node);
    }

    /** Declares which window attributes an op version has, then reads and validates them. */
    public static final class Reader {
        private static final int NOT_AN_ATTRIBUTE = Integer.MAX_VALUE;

        private final NodeSpec node;
        private boolean kernelShapeRequired;
        private boolean hasAutoPad;
        private int dilationsSince = NOT_AN_ATTRIBUTE;
        private int ceilModeSince = NOT_AN_ATTRIBUTE;
        private boolean padsSmallerThanKernel;

        private Reader(NodeSpec node) {
            this.node = node;
        }

        /** {@code kernel_shape} must be present (pools); otherwise it is optional and checked against the weights. */
        public Reader requireKernelShape() {
            kernelShapeRequired = true;
            return this;
        }

        public Reader autoPad() {
            hasAutoPad = true;
            return this;
        }

        /** The op has {@code dilations} from {@code sinceOpset} on. */
        public Reader dilations(int sinceOpset) {
            dilationsSince = sinceOpset;
            return this;
        }

        /** The op has {@code ceil_mode} from {@code sinceOpset} on. */
        public Reader ceilMode(int sinceOpset) {
            ceilModeSince = sinceOpset;
            return this;
        }

        /**
         * Pools: each pad must be smaller than the kernel, as ONNX Runtime and PyTorch require, so
         * no window lies entirely in the padding.
         */
        public Reader padsSmallerThanKernel() {
            padsSmallerThanKernel = true;
            return this;
        }

        public WindowAttributes read() {
            Attributes attributes = node.attributes();
            AutoPad autoPad = hasAutoPad ? AutoPad.read(attributes) : AutoPad.NOTSET;

            int[] kernelShape = AttributeChecks.readInts(attributes, "kernel_shape", 1);
            if (kernelShape == null && kernelShapeRequired) {
                throw new OpException("required attribute 'kernel_shape' is missing");
            }
            int[] strides = AttributeChecks.readInts(attributes, "strides", 1);
            int[] dilations = null;
            if (dilationsSince != NOT_AN_ATTRIBUTE) {
                AttributeChecks.requireOpset(node, "dilations", dilationsSince);
                dilations = AttributeChecks.readInts(attributes, "dilations", 1);
            }
            int[] pads = AttributeChecks.readInts(attributes, "pads", 0);
            boolean ceilMode = false;
            if (ceilModeSince != NOT_AN_ATTRIBUTE) {
                AttributeChecks.requireOpset(node, "ceil_mode", ceilModeSince);
                ceilMode = AttributeChecks.readFlag(attributes, "ceil_mode");
            }

            if (pads != null && pads.length % 2 != 0) {
                throw new OpException("attribute 'pads' = " + Arrays.toString(pads)
                    + " must have an even length (begin and end values per spatial axis)");
            }
            WindowAttributes window = new WindowAttributes(autoPad, kernelShape, strides, dilations, pads, ceilMode);
            int rank = window.spatialRank();
            if (autoPad != AutoPad.NOTSET && window.hasExplicitPads()) {
                throw new OpException("attribute 'pads' = " + Arrays.toString(pads)
                    + " cannot be combined with auto_pad = " + autoPad);
            }
            if (padsSmallerThanKernel && pads != null && kernelShape != null) {
                for (int a = 0; a < rank; a++) {
                    if (pads[a] >= kernelShape[a] || pads[a + rank] >= kernelShape[a]) {
                        throw new OpException("attribute 'pads' = " + Arrays.toString(pads) + " must be smaller than"
                            + " kernel_shape = " + Arrays.toString(kernelShape) + " on every axis");
                    }
                }
            }
            return window;
        }
    }

    public AutoPad autoPad() {
        return autoPad;
    }

    /** The {@code kernel_shape} attribute, or null when the kernel comes from the weights. */
    public int[] kernelShape() {
        return kernelShape == null ? null : kernelShape.clone();
    }

    /** True when the {@code pads} attribute asks for any padding. */
    public boolean hasExplicitPads() {
        return pads != null && Arrays.stream(pads).anyMatch(p -> p != 0);
    }

    public boolean ceilMode() {
        return ceilMode;
    }

    /**
     * The number of spatial axes the attributes describe, or -1 when none of them fixes it; throws
     * if the attributes disagree with each other.
     */
    public int spatialRank() {
        int rank = -1;
        String source = null;
        String[] names = {"kernel_shape", "strides", "dilations", "pads"};
        int[][] values = {kernelShape, strides, dilations, pads};
        for (int i = 0; i < names.length; i++) {
            if (values[i] == null) {
                continue;
            }
            int axes = names[i].equals("pads") ? values[i].length / 2 : values[i].length;
            if (rank >= 0 && axes != rank) {
                throw new OpException("attribute '" + names[i] + "' = " + Arrays.toString(values[i]) + " describes "
                    + axes + " spatial axes but '" + source + "' describes " + rank);
            }
            rank = axes;
            source = names[i];
        }
        return rank;
    }

    /** Throws unless the attributes fit an input with {@code rank} spatial axes. */
    public void requireSpatialRank(int rank) {
        int own = spatialRank();
        if (own >= 0 && own != rank) {
            throw new OpException("the window attributes describe " + own + " spatial axes but the input has " + rank);
        }
    }

    /**
     * Geometry of a forward sliding window (Conv, DeformConv, pools) over an input with spatial
     * shape {@code input} and a kernel of spatial shape {@code kernel}.
     *
     * <p>Output size per axis, with {@code extent = (kernel - 1) * dilation + 1}:
     * <ul>
     * <li>NOTSET and VALID (zero pads): {@code floor((input + padBegin + padEnd - extent) / stride) + 1};
     *     with {@code ceil_mode}, {@code ceil(...)} instead, minus a last window that would start in
     *     the end padding (ONNX, ONNX Runtime and PyTorch all drop it). VALID honours ceil_mode as
     *     ONNX Runtime and the ONNX reference implementation do.</li>
     * <li>SAME_UPPER / SAME_LOWER: {@code ceil(input / stride)}, padded by
     *     {@code max(0, (output - 1) * stride + extent - input)} split as {@link AutoPad#padBegin};
     *     ceil_mode changes nothing. The total is never negative, as in TensorFlow (where SAME comes
     *     from) and ONNX Runtime's Conv; ONNX Runtime's pools instead pad negatively, shifting the
     *     windows, when the stride exceeds the window.</li>
     * </ul>
     */
    public WindowGeometry forward(int[] input, int[] kernel) {
        int rank = input.length;
        requireSpatialRank(rank);
        requireKernelRank(kernel, rank);
        int[] output = new int[rank];
        int[] padsBegin = new int[rank];
        int[] padsEnd = new int[rank];
        for (int a = 0; a < rank; a++) {
            int stride = stride(a);
            int extent = extent(kernel, a);
            if (autoPad.isSame()) {
                output[a] = Math.ceilDiv(input[a], stride);
                int total = Math.max(0, (output[a] - 1) * stride + extent - input[a]);
                padsBegin[a] = autoPad.padBegin(total);
                padsEnd[a] = total - padsBegin[a];
                continue;
            }
            padsBegin[a] = autoPad == AutoPad.VALID ? 0 : padBegin(a);
            padsEnd[a] = autoPad == AutoPad.VALID ? 0 : padEnd(a);
            int span = input[a] + padsBegin[a] + padsEnd[a] - extent;
            if (span < 0) {
                throw new OpException("spatial axis " + a + ": input size " + input[a] + " with pads (" + padsBegin[a]
                    + ", " + padsEnd[a] + ") is smaller than the kernel extent " + extent);
            }
            output[a] = ceilMode ? Math.ceilDiv(span, stride) + 1 : span / stride + 1;
            if (ceilMode && (output[a] - 1) * stride >= input[a] + padsBegin[a]) {
                output[a]--;
            }
        }
        return new WindowGeometry(input, output, kernel, strides(rank), dilations(rank), padsBegin, padsEnd);
    }

    /**
     * Geometry of a transposed convolution whose input has spatial shape {@code input}.
     * ConvTranspose is the gradient of a forward convolution: it scatters each of its input cells
     * through that convolution's window. So the result describes that forward convolution: its
     * {@link WindowGeometry#inputShape() input} is ConvTranspose's output and its
     * {@link WindowGeometry#outputShape() output} (the window positions) is ConvTranspose's input.
     *
     * <p>The full result has {@code stride * (input - 1) + outputPadding + extent} cells per axis;
     * the output crops {@code padBegin} cells at the start and ends after {@code outputShape} cells:
     * <ul>
     * <li>{@code requestedOutput} given (the {@code output_shape} attribute): that size, with
     *     {@code padBegin} taken from {@code full - output} as the spec splits it (SAME_UPPER rounds
     *     down, every other mode rounds up);</li>
     * <li>SAME_UPPER / SAME_LOWER: {@code input * stride} cells, split the same way;</li>
     * <li>VALID: no cropping; NOTSET: the {@code pads} attribute.</li>
     * </ul>
     * When the requested size exceeds the full result, nothing is cropped and the extra end cells
     * receive no contributions (only the bias), like {@code output_padding}.
     *
     * @param requestedOutput spatial output shape, or null
     */
    public WindowGeometry transposed(int[] input, int[] kernel, int[] outputPadding, int[] requestedOutput) {
        int rank = input.length;
        requireSpatialRank(rank);
        requireKernelRank(kernel, rank);
        int[] output = new int[rank];
        int[] padsBegin = new int[rank];
        int[] padsEnd = new int[rank];
        for (int a = 0; a < rank; a++) {
            int full = stride(a) * (input[a] - 1) + outputPadding[a] + extent(kernel, a);
            if (requestedOutput != null || autoPad.isSame()) {
                output[a] = requestedOutput != null ? requestedOutput[a] : input[a] * stride(a);
                int total = full - output[a];
                padsBegin[a] = total > 0 ? autoPad.padBegin(total) : 0;
            } else {
                padsBegin[a] = autoPad == AutoPad.VALID ? 0 : padBegin(a);
                int cropEnd = autoPad == AutoPad.VALID ? 0 : padEnd(a);
                output[a] = full - padsBegin[a] - cropEnd;
                if (output[a] <= 0) {
                    throw new OpException("spatial axis " + a + ": pads (" + padsBegin[a] + ", " + cropEnd
                        + ") leave nothing of the " + full + " cells the transposed window produces");
                }
            }
            padsEnd[a] = full - output[a] - padsBegin[a];
        }
        return new WindowGeometry(output, input, kernel, strides(rank), dilations(rank), padsBegin, padsEnd);
    }

    private static void requireKernelRank(int[] kernel, int rank) {
        if (kernel.length != rank) {
            throw new OpException("kernel " + Arrays.toString(kernel) + " has " + kernel.length
                + " spatial axes but the input has " + rank);
        }
    }

    private int extent(int[] kernel, int axis) {
        return (kernel[axis] - 1) * dilation(axis) + 1;
    }

    /** The stride along spatial {@code axis} (1 when the attribute is absent). */
    public int stride(int axis) {
        return strides == null ? 1 : strides[axis];
    }

    /** The dilation along spatial {@code axis} (1 when the attribute is absent). */
    public int dilation(int axis) {
        return dilations == null ? 1 : dilations[axis];
    }

    private int padBegin(int axis) {
        return pads == null ? 0 : pads[axis];
    }

    private int padEnd(int axis) {
        return pads == null ? 0 : pads[axis + pads.length / 2];
    }

    private int[] strides(int rank) {
        return strides == null ? ones(rank) : strides.clone();
    }

    private int[] dilations(int rank) {
        return dilations == null ? ones(rank) : dilations.clone();
    }

    private static int[] ones(int rank) {
        int[] ones = new int[rank];
        Arrays.fill(ones, 1);
        return ones;
    }

    @Override
    public String toString() {
        return "auto_pad=" + autoPad + " kernel_shape=" + Arrays.toString(kernelShape) + " strides="
            + Arrays.toString(strides) + " dilations=" + Arrays.toString(dilations) + " pads="
            + Arrays.toString(pads) + (ceilMode ? " ceil_mode" : "");
    }
}
