package io.lcnnserve.core.ops.shape;

import io.lcnnserve.core.ops.Attributes;
import io.lcnnserve.core.ops.NodeSpec;
import io.lcnnserve.core.ops.Op;
import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.ops.TensorInfo;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Shapes;
import io.lcnnserve.core.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Pad: adds {@code pads = [x1_begin, x2_begin, ..., x1_end, x2_end, ...]} elements around each
 * axis (negative pads crop). Modes: {@code constant} (fill with the constant value, default 0),
 * {@code edge} (repeat the border element), {@code reflect} (mirror without repeating the border).
 * Before opset 11 pads ({@code paddings} in opset 1) and value are attributes; from 11 they are
 * inputs, pads constant at plan time; opset 18 adds an {@code axes} input naming the padded axes.
 */
public final class Pad implements Op {
    private enum Mode { CONSTANT, EDGE, REFLECT }

    private final Mode mode;
    /** The opset &lt; 11 attributes; null and unused from opset 11. */
    private final long[] padsAttribute;
    private final float valueAttribute;

    private Pad(Mode mode, long[] padsAttribute, float valueAttribute) {
        this.mode = mode;
        this.padsAttribute = padsAttribute;
        this.valueAttribute = valueAttribute;
    }

    public static Pad create(NodeSpec node) {
        node.requireOutputs(1, 1);
        Attributes a = node.attributes();
        Mode mode = Mode.valueOf(a.getEnum("mode", "constant", "constant", "edge", "reflect").toUpperCase(Locale.ROOT));
        if (node.opset() >= 11) {
            node.requireInputs(2, node.opset() >= 18 ? 4 : 3);
            return new Pad(mode, null, 0);
        }
        node.requireInputs(1, 1);
        String padsName = node.opset() < 2 ? "paddings" : "pads";
        long[] pads = a.getInts(padsName, null);
        if (pads == null) {
            throw new OpException("required attribute '" + padsName + "' is missing");
        }
        return new Pad(mode, pads, a.getFloat("value", 0));
    }

    @Override
    public String opType() {
        return "Pad";
    }

    @Override
    public List<TensorInfo> inferOutputs(List<TensorInfo> inputs) {
        TensorInfo data = inputs.getFirst();
        long[] pads = padsAttribute;
        long[] axes = null;
        if (pads == null) {
            pads = integerInput(inputs, 1, "pads").requireConstant("Pad's 'pads' input").toLongArray();
            TensorInfo axesInput = integerInput(inputs, 3, "axes");
            axes = axesInput == null ? null : axesInput.requireConstant("Pad's 'axes' input").toLongArray();
            TensorInfo value = inputs.size() > 2 ? inputs.get(2) : null;
            if (value != null && (value.type() != data.type() || Shapes.elementCount(value.shape()) != 1)) {
                throw new OpException("Pad's constant_value must be one " + data.type() + " element, got " + value);
            }
        }
        return List.of(TensorInfo.of(data.type(), outputShape(data.shape(), perAxisPads(data.rank(), pads, axes))));
    }

    @Override
    public void eval(Tensor[] inputs, Tensor[] outputs) {
        Tensor data = inputs[0];
        int[] shape = data.shape();
        long[] pads = padsAttribute;
        long[] axes = null;
        Tensor fill = null;
        if (pads == null) {
            pads = inputs[1].toLongArray();
            axes = inputs.length > 3 && inputs[3] != null ? inputs[3].toLongArray() : null;
            fill = inputs.length > 2 ? inputs[2] : null;
        }
        if (fill == null) {
            fill = TensorCopy.scalar(data.type(), valueAttribute);
        }
        long[] full = perAxisPads(shape.length, pads, axes);
        int[] outShape = outputShape(shape, full);
        int[] strides = Shapes.strides(shape);
        int[][] offsets = new int[shape.length][];
        for (int k = 0; k < shape.length; k++) {
            offsets[k] = new int[outShape[k]];
            for (int i = 0; i < outShape[k]; i++) {
                int source = sourceIndex(i - full[k], shape[k]);
                offsets[k][i] = source == AxisMappedCopy.NO_SOURCE ? source : source * strides[k];
            }
        }
        AxisMappedCopy.copy(data, outputs[0], offsets, fill);
    }

    /** The input index that output position {@code j} (in input coordinates) shows, or NO_SOURCE. */
    private int sourceIndex(long j, int dim) {
        if (j >= 0 && j < dim) {
            return (int) j;
        }
        return switch (mode) {
            case CONSTANT -> AxisMappedCopy.NO_SOURCE;
            case EDGE -> j < 0 ? 0 : dim - 1;
            case REFLECT -> {
                if (dim == 1) {
                    yield 0;
                }
                // Mirroring is periodic with period 2 * (dim - 1), which also covers pads wider than the axis.
                int period = 2 * (dim - 1);
                int m = (int) Math.floorMod(j, (long) period);
                yield m < dim ? m : period - m;
            }
        };
    }

    private static TensorInfo integerInput(List<TensorInfo> inputs, int index, String name) {
        TensorInfo info = index < inputs.size() ? inputs.get(index) : null;
        if (info != null && (info.type() != DataType.INT64 && info.type() != DataType.INT32 || info.rank() != 1)) {
            throw new OpException("Pad's '" + name + "' input must be a 1-D INT32 or INT64 tensor, got " + info);
        }
        return info;
    }

    /** Pads as {@code [begin_0 .. begin_(r-1), end_0 .. end_(r-1)]} over every axis of a rank-{@code rank} input. */
    private static long[] perAxisPads(int rank, long[] pads, long[] axes) {
        int[] padded = axes == null ? null : Axes.normalizeAll(axes, rank, "Pad axis");
        int n = padded == null ? rank : padded.length;
        if (pads.length != 2 * n) {
            throw new OpException("pads " + Arrays.toString(pads) + " should have 2 * " + n + " values for "
                + (padded == null ? "a rank-" + rank + " input" : "axes " + Arrays.toString(axes)));
        }
        long[] full = new long[2 * rank];
        for (int i = 0; i < n; i++) {
            int ax = padded == null ? i : padded[i];
            full[ax] = pads[i];
            full[rank + ax] = pads[n + i];
        }
        return full;
    }

    private int[] outputShape(int[] shape, long[] full) {
        int rank = shape.length;
        int[] out = new int[rank];
        for (int k = 0; k < rank; k++) {
            long size = shape[k] + full[k] + full[rank + k];
            if (size < 0) {
                throw new OpException("pads " + full[k] + " and " + full[rank + k] + " crop axis " + k
                    + " of size " + shape[k] + " below zero");
            }
            if (mode != Mode.CONSTANT && shape[k] == 0 && size > 0) {
                throw new OpException(mode.name().toLowerCase(Locale.ROOT) + " padding cannot pad the empty axis " + k);
            }
            out[k] = Axes.dim(size, "padded size of axis " + k);
        }
        return out;
    }
}
