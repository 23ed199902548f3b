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

/**
 * Slice: takes {@code starts[i]:ends[i]:steps[i]} along {@code axes[i]}, numpy style. Before
 * opset 10 starts/ends/axes are attributes and the step is 1; from opset 10 they are inputs
 * (must be constant) and steps may be negative. Negative starts/ends count from the end of the
 * axis, then both are clamped to the axis (so INT64_MAX means "to the end").
 */
public final class Slice implements Op {
    /** The attributes of opset &lt; 10, else null (the values come from inputs). */
    private final long[] startsAttribute;
    private final long[] endsAttribute;
    private final long[] axesAttribute;

    private Slice(long[] startsAttribute, long[] endsAttribute, long[] axesAttribute) {
        this.startsAttribute = startsAttribute;
        this.endsAttribute = endsAttribute;
        this.axesAttribute = axesAttribute;
    }

    public static Slice create(NodeSpec node) {
        node.requireOutputs(1, 1);
        if (node.opset() >= 10) {
            node.requireInputs(3, 5);
            return new Slice(null, null, null);
        }
        node.requireInputs(1, 1);
        Attributes a = node.attributes();
        long[] starts = a.getInts("starts", null);
        long[] ends = a.getInts("ends", null);
        if (starts == null || ends == null) {
            throw new OpException("required attributes 'starts' and 'ends' are missing");
        }
        return new Slice(starts, ends, a.getInts("axes", null));
    }

    @Override
    public String opType() {
        return "Slice";
    }

    /** Per input axis: first index read, step, and number of elements taken. */
    private record Window(int[] starts, int[] steps, int[] counts) {
    }

    @Override
    public List<TensorInfo> inferOutputs(List<TensorInfo> inputs) {
        TensorInfo data = inputs.getFirst();
        Window w = startsAttribute != null
            ? window(data.shape(), startsAttribute, endsAttribute, axesAttribute, null)
            : window(data.shape(), constantInput(inputs, 1, "starts"), constantInput(inputs, 2, "ends"),
                constantInput(inputs, 3, "axes"), constantInput(inputs, 4, "steps"));
        return List.of(TensorInfo.of(data.type(), w.counts()));
    }

    @Override
    public void eval(Tensor[] inputs, Tensor[] outputs) {
        Tensor data = inputs[0];
        int[] shape = data.shape();
        Window w = startsAttribute != null
            ? window(shape, startsAttribute, endsAttribute, axesAttribute, null)
            : window(shape, inputs[1].toLongArray(), inputs[2].toLongArray(),
                longsOrNull(inputs, 3), longsOrNull(inputs, 4));
        int[] strides = Shapes.strides(shape);
        int[][] offsets = new int[shape.length][];
        for (int k = 0; k < shape.length; k++) {
            offsets[k] = AxisMappedCopy.strided(w.starts()[k] * strides[k], w.steps()[k] * strides[k], w.counts()[k]);
        }
        AxisMappedCopy.copy(data, outputs[0], offsets, null);
    }

    private static long[] constantInput(List<TensorInfo> inputs, int index, String name) {
        TensorInfo info = index < inputs.size() ? inputs.get(index) : null;
        if (info == null) {
            return null;
        }
        if (info.type() != DataType.INT64 && info.type() != DataType.INT32) {
            throw new OpException("Slice's '" + name + "' input must be INT32 or INT64, got " + info.type());
        }
        return info.requireConstant("Slice's '" + name + "' input").toLongArray();
    }

    private static long[] longsOrNull(Tensor[] inputs, int index) {
        return index < inputs.length && inputs[index] != null ? inputs[index].toLongArray() : null;
    }

    private static Window window(int[] shape, long[] starts, long[] ends, long[] axes, long[] steps) {
        int n = starts.length;
        if (ends.length != n || (axes != null && axes.length != n) || (steps != null && steps.length != n)) {
            throw new OpException("starts " + Arrays.toString(starts) + ", ends " + Arrays.toString(ends)
                + ", axes " + Arrays.toString(axes) + " and steps " + Arrays.toString(steps) + " must have equal lengths");
        }
        int[] first = new int[shape.length];
        int[] step = new int[shape.length];
        int[] count = shape.clone();
        Arrays.fill(step, 1);
        int[] sliced = axes == null ? identityAxes(n, shape.length) : Axes.normalizeAll(axes, shape.length, "Slice axes");
        for (int i = 0; i < n; i++) {
            int ax = sliced[i];
            long dim = shape[ax];
            long st = steps == null ? 1 : steps[i];
            if (st == 0) {
                throw new OpException("Slice step for axis " + ax + " is 0");
            }
            if (st < Integer.MIN_VALUE + 1 || st > Integer.MAX_VALUE) {
                throw new OpException("Slice step " + st + " is out of range");
            }
            long s = starts[i] < 0 ? starts[i] + dim : starts[i];
            long e = ends[i] < 0 ? ends[i] + dim : ends[i];
            long taken;
            if (dim == 0) {
                taken = 0;
            } else if (st > 0) {
                s = clamp(s, 0, dim);
                e = clamp(e, 0, dim);
                taken = e > s ? (e - s + st - 1) / st : 0;
            } else {
                // A negative step walks down from start; end -1 (after clamping) means "through index 0".
                s = clamp(s, 0, dim - 1);
                e = clamp(e, -1, dim - 1);
                taken = s > e ? (s - e - st - 1) / -st : 0;
            }
            first[ax] = taken == 0 ? 0 : (int) s;
            step[ax] = (int) st;
            count[ax] = (int) taken;
        }
        return new Window(first, step, count);
    }

    private static int[] identityAxes(int n, int rank) {
        if (n > rank) {
            throw new OpException("Slice has " + n + " starts for a rank-" + rank + " input");
        }
        int[] axes = new int[n];
        Arrays.setAll(axes, i -> i);
        return axes;
    }

    private static long clamp(long v, long lo, long hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
