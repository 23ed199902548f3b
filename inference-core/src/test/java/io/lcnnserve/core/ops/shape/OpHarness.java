package io.lcnnserve.core.ops.shape;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lcnnserve.core.ops.Attributes;
import io.lcnnserve.core.ops.NodeSpec;
import io.lcnnserve.core.ops.Op;
import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.ops.OpFactory;
import io.lcnnserve.core.ops.OpRegistry;
import io.lcnnserve.core.ops.TensorInfo;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Runs one op the way the runtime does: built through the standard registry (unread attributes
 * fail, as in the importer), shapes inferred with constant inputs marked, then evaluated into
 * outputs that are views at an offset inside guarded buffers. Inputs are also offset views, so
 * every test checks {@code data[offset + i]} indexing; the guards catch writes outside the view.
 */
public final class OpHarness {
    private static final int GUARD = 3;
    private static final double GUARD_VALUE = 77;

    private final Op op;
    private final List<Tensor> values = new ArrayList<>();
    private final List<Boolean> constant = new ArrayList<>();

    private OpHarness(Op op) {
        this.op = op;
    }

    /** Builds the op for a node with the given opset, attributes and input/output counts. */
    public static Op create(String opType, int opset, Map<String, Object> attributes, int inputCount, int outputCount) {
        OpFactory factory = OpRegistry.standard().find(opType);
        if (factory == null) {
            throw new AssertionError(opType + " is not registered");
        }
        Attributes attrs = new Attributes(attributes);
        Op op = factory.create(new NodeSpec("node", opType, opset, attrs, inputCount, outputCount));
        if (!attrs.unread().isEmpty()) {
            throw new OpException("unsupported attributes " + attrs.unread());
        }
        return op;
    }

    public static OpHarness of(Op op) {
        return new OpHarness(op);
    }

    /** A run-time input: only its type and shape are known at plan time. */
    public OpHarness input(Tensor value) {
        values.add(value);
        constant.add(false);
        return this;
    }

    /** An input whose value is known at plan time (an initializer). */
    public OpHarness constant(Tensor value) {
        values.add(value);
        constant.add(true);
        return this;
    }

    /** An omitted optional input (empty name in the node). */
    public OpHarness missing() {
        values.add(null);
        constant.add(false);
        return this;
    }

    public List<TensorInfo> infer() {
        List<TensorInfo> infos = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            Tensor v = values.get(i);
            infos.add(v == null ? null : constant.get(i) ? TensorInfo.constant(v) : TensorInfo.of(v.type(), v.shape()));
        }
        return op.inferOutputs(infos);
    }

    /** Infers, evaluates and returns compact copies of all outputs. */
    public Tensor[] run() {
        List<TensorInfo> infos = infer();
        Tensor[] inputs = values.stream().map(v -> v == null ? null : guarded(v.type(), v.shape(), v)).toArray(Tensor[]::new);
        Tensor[] outputs = infos.stream().map(info -> guarded(info.type(), info.shape(), null)).toArray(Tensor[]::new);
        op.eval(inputs, outputs);
        Tensor[] results = new Tensor[outputs.length];
        for (int i = 0; i < outputs.length; i++) {
            assertGuardsIntact(outputs[i]);
            results[i] = outputs[i].copy();
        }
        return results;
    }

    public Tensor runSingle() {
        Tensor[] outs = run();
        assertEquals(1, outs.length, "output count");
        return outs[0];
    }

    /** A view at offset GUARD in a buffer of guard values; holds {@code content} if given. */
    private static Tensor guarded(DataType type, int[] shape, Tensor content) {
        Tensor blank = Tensor.zeros(type, shape);
        int size = blank.size();
        Tensor buffer = Tensor.zeros(type, size + 2 * GUARD);
        TensorCopy.fill(buffer, 0, buffer.size(), TensorCopy.scalar(type, GUARD_VALUE));
        Tensor view = Tensor.wrap(type, shape, buffer.data(), GUARD);
        if (content != null) {
            TensorCopy.copyAll(content, view);
        }
        return view;
    }

    private static void assertGuardsIntact(Tensor view) {
        Tensor buffer = Tensor.wrap(view.type(), new int[] {view.size() + 2 * GUARD}, view.data(), 0);
        double guard = TensorCopy.scalar(view.type(), GUARD_VALUE).getDouble(0);
        for (int i = 0; i < GUARD; i++) {
            assertEquals(guard, buffer.getDouble(i), "guard before output written");
            assertEquals(guard, buffer.getDouble(GUARD + view.size() + i), "guard after output written");
        }
    }

    /** A tensor of {@code type} holding 0, 1, 2, ... in row-major order. */
    public static Tensor iota(DataType type, int... shape) {
        Tensor t = Tensor.zeros(type, shape);
        for (int i = 0; i < t.size(); i++) {
            TensorCopy.setLong(t, i, i);
        }
        return t;
    }

    /** A tensor of {@code type} holding the given values (converted as {@link TensorCopy#setDouble}). */
    public static Tensor tensor(DataType type, int[] shape, double... values) {
        Tensor t = Tensor.zeros(type, shape);
        assertEquals(t.size(), values.length, "value count for shape " + Arrays.toString(shape));
        for (int i = 0; i < values.length; i++) {
            TensorCopy.setDouble(t, i, values[i]);
        }
        return t;
    }

    public static Tensor longs(long... values) {
        return Tensor.ofLongs(values, values.length);
    }

    public static int[] shape(int... dims) {
        return dims;
    }

    /** Asserts type, shape and every element (compared as doubles, exactly). */
    public static void assertTensor(Tensor actual, DataType type, int[] shape, double... expected) {
        assertEquals(type, actual.type(), "element type");
        assertArrayEquals(shape, actual.shape(), "shape");
        double[] values = new double[actual.size()];
        Arrays.setAll(values, actual::getDouble);
        assertArrayEquals(expected, values, "values of " + actual);
    }
}
