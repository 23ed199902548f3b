package io.lcnnserve.core.ops.reduce;

import io.lcnnserve.core.ops.Attributes;
import io.lcnnserve.core.ops.NodeSpec;
import io.lcnnserve.core.ops.Op;
import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.ops.TensorInfo;
import io.lcnnserve.core.ops.shape.Axes;
import io.lcnnserve.core.ops.shape.AxesArgument;
import io.lcnnserve.core.ops.shape.TensorCopy;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Shapes;
import io.lcnnserve.core.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * What the Reduce ops share: the axes (an attribute until the opset that made them input 1),
 * {@code keepdims}, {@code noop_with_empty_axes} (introduced with the axes input), and the single
 * reduction loop. Without axes every axis is reduced, unless {@code noop_with_empty_axes} asks for
 * the input unchanged. Floating inputs accumulate in double, integer and BOOL inputs in long; a
 * subclass supplies the start value, the combining step and the final value.
 */
abstract class Reduction implements Op {
    private final String opType;
    private final AxesArgument axes;
    private final boolean keepDims;
    private final boolean noopWithEmptyAxes;

    Reduction(NodeSpec node, int axesInputSinceOpset) {
        this.opType = node.opType();
        boolean axesInput = node.opset() >= axesInputSinceOpset;
        node.requireInputs(1, axesInput ? 2 : 1);
        node.requireOutputs(1, 1);
        Attributes a = node.attributes();
        this.axes = AxesArgument.of(node, axesInputSinceOpset);
        this.keepDims = flag(a, "keepdims", 1);
        this.noopWithEmptyAxes = axesInput && flag(a, "noop_with_empty_axes", 0);
    }

    private static boolean flag(Attributes a, String name, long defaultValue) {
        long v = a.getInt(name, defaultValue);
        if (v != 0 && v != 1) {
            throw new OpException("attribute '" + name + "' must be 0 or 1, got " + v);
        }
        return v == 1;
    }

    abstract double initial();

    abstract double combine(double accumulated, double element);

    abstract double finish(double accumulated, int count);

    abstract long initial(DataType type);

    abstract long combine(long accumulated, long element);

    abstract long finish(long accumulated, int count);

    @Override
    public String opType() {
        return opType;
    }

    @Override
    public List<TensorInfo> inferOutputs(List<TensorInfo> inputs) {
        TensorInfo in = inputs.getFirst();
        boolean[] reduced = reducedAxes(in.rank(), axes.planned(inputs, opType));
        return List.of(TensorInfo.of(in.type(), reduced == null ? in.shape() : outputShape(in.shape(), reduced)));
    }

    @Override
    public void eval(Tensor[] inputs, Tensor[] outputs) {
        Tensor in = inputs[0];
        Tensor out = outputs[0];
        int[] shape = in.shape();
        boolean[] reduced = reducedAxes(shape.length, axes.atRun(inputs));
        if (reduced == null) {
            TensorCopy.copyAll(in, out);
            return;
        }
        int[] outStrides = new int[shape.length];
        int[] keptShape = shape.clone();
        int count = 1;
        for (int d = 0; d < shape.length; d++) {
            if (reduced[d]) {
                keptShape[d] = 1;
                count *= shape[d];
            }
        }
        int[] keptStrides = Shapes.strides(keptShape);
        for (int d = 0; d < shape.length; d++) {
            outStrides[d] = reduced[d] ? 0 : keptStrides[d];
        }
        int outSize = out.size();
        if (in.type() == DataType.FLOAT || in.type() == DataType.DOUBLE) {
            double[] acc = new double[outSize];
            Arrays.fill(acc, initial());
            forEachElement(shape, outStrides, (i, o) -> acc[o] = combine(acc[o], in.getDouble(i)));
            for (int o = 0; o < outSize; o++) {
                TensorCopy.setDouble(out, o, finish(acc[o], count));
            }
        } else {
            long[] acc = new long[outSize];
            Arrays.fill(acc, initial(in.type()));
            forEachElement(shape, outStrides, (i, o) -> acc[o] = combine(acc[o], in.getLong(i)));
            for (int o = 0; o < outSize; o++) {
                TensorCopy.setLong(out, o, finish(acc[o], count));
            }
        }
    }

    /** Receives each input element's flat index with the flat index of the output element it reduces into. */
    @FunctionalInterface
    private interface ElementVisitor {
        void visit(int inputIndex, int outputIndex);
    }

    /** Walks the input in row-major order, advancing the output index by {@code outStrides} (0 on reduced axes). */
    private static void forEachElement(int[] shape, int[] outStrides, ElementVisitor visitor) {
        int size = Shapes.elementCount(shape);
        int[] coord = new int[shape.length];
        int outIndex = 0;
        for (int i = 0; i < size; i++) {
            visitor.visit(i, outIndex);
            for (int d = shape.length - 1; d >= 0; d--) {
                outIndex += outStrides[d];
                if (++coord[d] < shape[d]) {
                    break;
                }
                outIndex -= outStrides[d] * shape[d];
                coord[d] = 0;
            }
        }
    }

    /** Per input axis whether it is reduced, or null when the op passes its input through unchanged. */
    private boolean[] reducedAxes(int rank, long[] requested) {
        boolean[] reduced = new boolean[rank];
        if (requested == null || requested.length == 0) {
            if (noopWithEmptyAxes) {
                return null;
            }
            Arrays.fill(reduced, true);
            return reduced;
        }
        for (int ax : Axes.normalizeAll(requested, rank, opType + " axis")) {
            reduced[ax] = true;
        }
        return reduced;
    }

    private int[] outputShape(int[] shape, boolean[] reduced) {
        int[] out = new int[shape.length];
        int rank = 0;
        for (int d = 0; d < shape.length; d++) {
            if (!reduced[d]) {
                out[rank++] = shape[d];
            } else if (keepDims) {
                out[rank++] = 1;
            }
        }
        return Arrays.copyOf(out, rank);
    }
}
