package io.lcnnserve.core.ops.shape;

import io.lcnnserve.core.ops.Attributes;
import io.lcnnserve.core.ops.NodeSpec;
import io.lcnnserve.core.ops.Op;
import io.lcnnserve.core.ops.TensorInfo;
import io.lcnnserve.core.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Shape: the input's dims {@code [start, end)} as a 1-D INT64 tensor (start/end from opset 15;
 * negative values count from the end, both are clamped to {@code [0, rank]}). Shapes are concrete
 * at plan time, so the inferred output carries its value as a constant.
 */
public final class Shape implements Op {
    private final long start;
    /** The end attribute, or null for "through the last dim". */
    private final Long end;

    private Shape(long start, Long end) {
        this.start = start;
        this.end = end;
    }

    public static Shape create(NodeSpec node) {
        node.requireInputs(1, 1);
        node.requireOutputs(1, 1);
        if (node.opset() < 15) {
            return new Shape(0, null);
        }
        Attributes a = node.attributes();
        return new Shape(a.getInt("start", 0), a.has("end") ? a.requireInt("end") : null);
    }

    @Override
    public String opType() {
        return "Shape";
    }

    @Override
    public List<TensorInfo> inferOutputs(List<TensorInfo> inputs) {
        return List.of(TensorInfo.constant(dims(inputs.getFirst().shape())));
    }

    @Override
    public void eval(Tensor[] inputs, Tensor[] outputs) {
        TensorCopy.copyAll(dims(inputs[0].shape()), outputs[0]);
    }

    private Tensor dims(int[] shape) {
        int rank = shape.length;
        int from = clampedPosition(start, rank);
        int to = end == null ? rank : clampedPosition(end, rank);
        long[] values = Arrays.stream(shape, from, Math.max(from, to)).asLongStream().toArray();
        return Tensor.ofLongs(values, values.length);
    }

    private static int clampedPosition(long position, int rank) {
        long p = position < 0 ? position + rank : position;
        return (int) Math.max(0, Math.min(rank, p));
    }
}
