package io.lcnnserve.core.ops.spatial;

import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.tensor.Shapes;
import java.util.Arrays;

/**
 * Where a sliding window reads, for one concrete input shape: the spatial shapes of the input,
 * the output (one window position per output cell) and the kernel, and per axis the stride,
 * dilation and padding. Built by {@link WindowAttributes}.
 *
 * <p>Along axis {@code a}, the window of output cell {@code o} reads kernel tap {@code k} at input
 * coordinate {@code o * stride - padBegin + k * dilation}; coordinates outside
 * {@code [0, inputShape[a])} fall in the padding. Flat indices are row-major over the spatial
 * axes only (batch and channel offsets are the caller's).
 *
 * <p>For ConvTranspose (see {@link WindowAttributes#transposed}) {@code padsEnd} is the number of
 * cells cropped from the end of the full result, negative when an explicit output shape extends
 * it.
 */
public final class WindowGeometry {
    /** Marks a window tap that falls in the padding, in {@link #windowTaps}. */
    public static final int PADDING = -1;

    private final int[] inputShape;
    private final int[] outputShape;
    private final int[] kernelShape;
    private final int[] strides;
    private final int[] dilations;
    private final int[] padsBegin;
    private final int[] padsEnd;
    private final int[] outputStrides;
    private final int inputSize;
    private final int outputSize;
    private final int kernelSize;

    public WindowGeometry(int[] inputShape, int[] outputShape, int[] kernelShape, int[] strides, int[] dilations,
                          int[] padsBegin, int[] padsEnd) {
        this.inputShape = inputShape.clone();
        this.outputShape = outputShape.clone();
        this.kernelShape = kernelShape.clone();
        this.strides = strides.clone();
        this.dilations = dilations.clone();
        this.padsBegin = padsBegin.clone();
        this.padsEnd = padsEnd.clone();
        int rank = inputShape.length;
        for (int[] perAxis : new int[][] {outputShape, kernelShape, strides, dilations, padsBegin, padsEnd}) {
            if (perAxis.length != rank) {
                throw new IllegalArgumentException("window geometry needs one value per spatial axis (" + rank
                    + "), got " + Arrays.toString(perAxis));
            }
        }
        this.outputStrides = Shapes.strides(outputShape);
        this.inputSize = Shapes.elementCount(inputShape);
        this.outputSize = Shapes.elementCount(outputShape);
        this.kernelSize = Shapes.elementCount(kernelShape);
    }

    public int rank() {
        return inputShape.length;
    }

    public int[] inputShape() {
        return inputShape.clone();
    }

    public int[] outputShape() {
        return outputShape.clone();
    }

    public int[] kernelShape() {
        return kernelShape.clone();
    }

    public int[] strides() {
        return strides.clone();
    }

    public int[] dilations() {
        return dilations.clone();
    }

    public int[] padsBegin() {
        return padsBegin.clone();
    }

    public int[] padsEnd() {
        return padsEnd.clone();
    }

    /** Spatial input cells per channel. */
    public int inputSize() {
        return inputSize;
    }

    /** Spatial output cells (window positions) per channel. */
    public int outputSize() {
        return outputSize;
    }

    /** Taps per window. */
    public int kernelSize() {
        return kernelSize;
    }

    /** Input coordinate along {@code axis} of the first tap of output cell {@code outputIndex}'s window. */
    public int windowStart(int outputIndex, int axis) {
        int outputCoordinate = outputIndex / outputStrides[axis] % outputShape[axis];
        return outputCoordinate * strides[axis] - padsBegin[axis];
    }

    /**
     * Input coordinate along {@code axis} of tap {@code kernelIndex} (row-major over the kernel
     * shape) of output cell {@code outputIndex}'s window; may lie in the padding.
     */
    public int tapCoordinate(int outputIndex, int kernelIndex, int axis) {
        int kernelCoordinate = kernelIndex;
        for (int a = kernelShape.length - 1; a > axis; a--) {
            kernelCoordinate /= kernelShape[a];
        }
        kernelCoordinate %= kernelShape[axis];
        return windowStart(outputIndex, axis) + kernelCoordinate * dilations[axis];
    }

    /**
     * Fills {@code taps[k]}, for every kernel tap {@code k} (row-major over the kernel shape), with
     * the flat spatial input index that output cell {@code outputIndex}'s window reads, or
     * {@link #PADDING}. {@code taps} needs {@link #kernelSize()} elements.
     */
    public void windowTaps(int outputIndex, int[] taps) {
        fillTaps(outputIndex, 0, 0, true, taps, 0);
    }

    /** Fills the taps of kernel axes {@code axis..rank-1} below a fixed prefix; returns the next free slot. */
    private int fillTaps(int outputIndex, int axis, int inputPrefix, boolean inside, int[] taps, int slot) {
        if (axis == inputShape.length) {
            taps[slot] = inside ? inputPrefix : PADDING;
            return slot + 1;
        }
        int start = windowStart(outputIndex, axis);
        for (int k = 0; k < kernelShape[axis]; k++) {
            int coordinate = start + k * dilations[axis];
            boolean inInput = coordinate >= 0 && coordinate < inputShape[axis];
            slot = fillTaps(outputIndex, axis + 1, inputPrefix * inputShape[axis] + coordinate, inside && inInput,
                taps, slot);
        }
        return slot;
    }

    /**
     * Taps of output cell {@code outputIndex}'s window that lie in the input or in the explicit
     * padding, i.e. not beyond the end padding (where a ceil_mode window may reach). The divisor
     * of AveragePool with {@code count_include_pad}.
     */
    public int tapsWithinPadding(int outputIndex) {
        int count = 1;
        for (int a = 0; a < inputShape.length; a++) {
            int start = windowStart(outputIndex, a);
            int axisCount = 0;
            for (int k = 0; k < kernelShape[a]; k++) {
                int coordinate = start + k * dilations[a];
                if (coordinate >= -padsBegin[a] && coordinate < inputShape[a] + padsEnd[a]) {
                    axisCount++;
                }
            }
            count *= axisCount;
        }
        return count;
    }

    /**
     * Throws unless every window reads at least one input cell. Pools have no value for a window
     * that lies entirely in the padding, which dilation can cause even with pads smaller than the
     * kernel. Windows are products of per-axis taps, so checking each axis suffices.
     */
    public void requireInputInEveryWindow() {
        for (int a = 0; a < inputShape.length; a++) {
            for (int o = 0; o < outputShape[a]; o++) {
                int start = o * strides[a] - padsBegin[a];
                boolean readsInput = false;
                for (int k = 0; k < kernelShape[a] && !readsInput; k++) {
                    int coordinate = start + k * dilations[a];
                    readsInput = coordinate >= 0 && coordinate < inputShape[a];
                }
                if (!readsInput) {
                    throw new OpException("window " + o + " along spatial axis " + a + " covers only padding (" + this
                        + ")");
                }
            }
        }
    }

    @Override
    public String toString() {
        return "WindowGeometry[input=" + Arrays.toString(inputShape) + " output=" + Arrays.toString(outputShape)
            + " kernel=" + Arrays.toString(kernelShape) + " strides=" + Arrays.toString(strides) + " dilations="
            + Arrays.toString(dilations) + " padsBegin=" + Arrays.toString(padsBegin) + " padsEnd="
            + Arrays.toString(padsEnd) + "]";
    }
}
