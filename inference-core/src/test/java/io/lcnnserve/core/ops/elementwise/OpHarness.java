package io.lcnnserve.core.ops.elementwise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lcnnserve.core.ops.Attributes;
import io.lcnnserve.core.ops.NodeSpec;
import io.lcnnserve.core.ops.Op;
import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.ops.OpFactory;
import io.lcnnserve.core.ops.OpRegistry;
import io.lcnnserve.core.ops.TensorInfo;
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
 * build through the registered factory (rejecting unread attributes), infer output shapes,
 * then evaluate with every input and output placed as a view at a non-zero offset inside a
 * larger, sentinel-filled array, and check the op wrote nothing outside its outputs.
 */
public final class OpHarness {
    private static final int GUARD = 3;

    private OpHarness() {
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

    /** The load-time error for a node; fails the test if the node loads. */
    public static OpException loadError(String opType, int opset, int inputCount, Map<String, Object> attributes) {
        return assertThrows(OpException.class, () -> create(opType, opset, inputCount, attributes));
    }

    /** Output types and shapes for inputs known only by type and shape; null marks an omitted input. */
    public static List<TensorInfo> infer(Op op, Tensor... inputs) {
        List<TensorInfo> infos = new ArrayList<>();
        for (Tensor t : inputs) {
            infos.add(t == null ? null : TensorInfo.of(t.type(), t.shape()));
        }
        return op.inferOutputs(infos);
    }

    /** Infers and evaluates; returns compact copies of the outputs. Null marks an omitted input. */
    public static Tensor[] run(Op op, Tensor... inputs) {
        List<TensorInfo> outInfos = infer(op, inputs);
        Tensor[] placedInputs = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            placedInputs[i] = inputs[i] == null ? null : placed(inputs[i].type(), inputs[i].shape(), inputs[i]);
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
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i] != null) {
                assertEquals(Arrays.toString(inputs[i].toFloatArray()), Arrays.toString(placedInputs[i].toFloatArray()),
                    "input " + i + " was modified");
            }
        }
        return results;
    }

    /** The single output of {@link #run}. */
    public static Tensor run1(Op op, Tensor... inputs) {
        return run(op, inputs)[0];
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

    public static int[] shape(int... dims) {
        return dims;
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
}
