package io.lcnnserve.core.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lcnnserve.core.ops.shape.TensorCopy;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Shapes;
import io.lcnnserve.core.tensor.Tensor;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Runs one op outside a graph the way the importer and runtime do, for the op-family tests:
 * build through the registered factory (rejecting unread attributes, as the importer does),
 * infer output shapes with constant inputs marked, then evaluate with every input and output
 * placed as a view at a non-zero offset inside a larger, sentinel-filled array. Every run
 * therefore checks {@code data[offset + i]} indexing, that nothing was written outside the
 * outputs, and that the inputs were left unchanged.
 */
public final class OpHarness {
    private static final int GUARD = 3;

    private final Op op;
    private final List<Tensor> values = new ArrayList<>();
    private final List<Boolean> constant = new ArrayList<>();

    private OpHarness(Op op) {
        this.op = op;
    }

    /** The op for a one-output node, built as the importer builds it. */
    public static Op create(String opType, int opset, int inputCount, Map<String, Object> attributes) {
        return create(opType, opset, inputCount, 1, attributes);
    }

    public static Op create(String opType, int opset, int inputCount, int outputCount, Map<String, Object> attributes) {
        OpFactory factory = OpRegistry.standard().find(opType);
        assertTrue(factory != null, opType + " is not registered");
        Attributes attrs = new Attributes(attributes);
        Op op = factory.create(new NodeSpec("node", opType, opset, attrs, inputCount, outputCount));
        if (!attrs.unread().isEmpty()) {
            throw new OpException("unsupported attributes " + attrs.unread());
        }
        assertEquals(opType, op.opType());
        return op;
    }

    /** The load-time error for a one-output node; fails the test if the node loads. */
    public static OpException loadError(String opType, int opset, int inputCount, Map<String, Object> attributes) {
        return assertThrows(OpException.class, () -> create(opType, opset, inputCount, attributes));
    }

    /** A run of {@code op} whose inputs are added in node order. */
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
        List<TensorInfo> outInfos = infer();
        Tensor[] placedInputs = new Tensor[values.size()];
        for (int i = 0; i < placedInputs.length; i++) {
            Tensor v = values.get(i);
            placedInputs[i] = v == null ? null : placed(v.type(), v.shape(), v);
        }
        Tensor[] outputs = new Tensor[outInfos.size()];
        for (int i = 0; i < outputs.length; i++) {
            outputs[i] = placed(outInfos.get(i).type(), outInfos.get(i).shape(), null);
        }
        op.eval(placedInputs, outputs);
        Tensor[] results = new Tensor[outputs.length];
        for (int i = 0; i < outputs.length; i++) {
            assertGuardsIntact(outputs[i]);
            results[i] = outputs[i].copy();
        }
        for (int i = 0; i < placedInputs.length; i++) {
            if (placedInputs[i] != null) {
                assertEquals(Arrays.toString(values.get(i).toFloatArray()), Arrays.toString(placedInputs[i].toFloatArray()),
                    "input " + i + " was modified");
            }
        }
        return results;
    }

    public Tensor runSingle() {
        Tensor[] outs = run();
        assertEquals(1, outs.length, "output count");
        return outs[0];
    }

    /** Output types and shapes for run-time inputs known only by type and shape; null marks an omitted input. */
    public static List<TensorInfo> infer(Op op, Tensor... inputs) {
        return withInputs(op, inputs).infer();
    }

    /** Infers and evaluates run-time inputs; returns compact copies of the outputs. Null marks an omitted input. */
    public static Tensor[] run(Op op, Tensor... inputs) {
        return withInputs(op, inputs).run();
    }

    /** The first output of {@link #run(Op, Tensor...)}. */
    public static Tensor run1(Op op, Tensor... inputs) {
        return run(op, inputs)[0];
    }

    private static OpHarness withInputs(Op op, Tensor... inputs) {
        OpHarness harness = of(op);
        for (Tensor t : inputs) {
            if (t == null) {
                harness.missing();
            } else {
                harness.input(t);
            }
        }
        return harness;
    }

    /** A view at offset GUARD inside a sentinel-filled array of GUARD extra elements on each side. */
    private static Tensor placed(DataType type, int[] shape, Tensor content) {
        int size = content == null ? Shapes.elementCount(shape) : content.size();
        Object data = Tensor.newArray(type, size + 2 * GUARD);
        fillSentinel(data);
        if (content != null) {
            System.arraycopy(content.data(), content.offset(), data, GUARD, size);
        }
        return Tensor.wrap(type, shape, data, GUARD);
    }

    private static void fillSentinel(Object data) {
        switch (data) {
            case float[] f -> Arrays.fill(f, Float.NaN);
            case long[] l -> Arrays.fill(l, Long.MIN_VALUE + 7);
            case int[] i -> Arrays.fill(i, Integer.MIN_VALUE + 7);
            case double[] d -> Arrays.fill(d, Double.NaN);
            case byte[] b -> Arrays.fill(b, (byte) 0x5A);
            default -> throw new IllegalArgumentException(data.getClass().toString());
        }
    }

    private static void assertGuardsIntact(Tensor t) {
        Object data = t.data();
        Object fresh = Tensor.newArray(t.type(), Array.getLength(data));
        fillSentinel(fresh);
        int end = t.offset() + t.size();
        for (int i = 0; i < Array.getLength(data); i++) {
            if (i < t.offset() || i >= end) {
                assertEquals(String.valueOf(Array.get(fresh, i)), String.valueOf(Array.get(data, i)),
                    "element " + i + " outside the output view was written");
            }
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

    /** Asserts a FLOAT output's shape and values within an absolute tolerance. */
    public static void assertFloats(int[] shape, float[] expected, Tensor actual, float tolerance) {
        assertEquals(DataType.FLOAT, actual.type());
        assertArrayEquals(shape, actual.shape(), "shape");
        assertArrayEquals(expected, actual.toFloatArray(), tolerance);
    }

    /** Asserts an integer output's type, shape and exact values. */
    public static void assertLongs(DataType type, int[] shape, long[] expected, Tensor actual) {
        assertEquals(type, actual.type());
        assertArrayEquals(shape, actual.shape(), "shape");
        assertArrayEquals(expected, actual.toLongArray());
    }
}
