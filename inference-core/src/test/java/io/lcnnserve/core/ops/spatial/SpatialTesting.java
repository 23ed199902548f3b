package io.lcnnserve.core.ops.spatial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.lcnnserve.core.ops.Op;
import io.lcnnserve.core.ops.OpHarness;
import io.lcnnserve.core.tensor.Shapes;
import io.lcnnserve.core.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** Building, running and checking conv and pool ops in tests. */
public final class SpatialTesting {
    private SpatialTesting() {
    }

    /** An ints attribute value. */
    public static long[] ints(long... values) {
        return values;
    }

    /** An attribute map from alternating names and values (Long, Float, String, long[], float[]). */
    public static Map<String, Object> attributes(Object... namesAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            Object value = namesAndValues[i + 1];
            map.put((String) namesAndValues[i], value instanceof Integer n ? Long.valueOf(n) : value);
        }
        return map;
    }

    /** Builds an op through the standard registry; unread attributes fail as in the importer. */
    public static Op op(String opType, int opset, Map<String, Object> attributes, int inputCount, int outputCount) {
        return OpHarness.create(opType, opset, inputCount, outputCount, attributes);
    }

    /**
     * Runs {@code op} on run-time inputs (a null is an omitted optional input), inside offset
     * views with guards, and returns its outputs.
     */
    public static Tensor[] run(Op op, Tensor... inputs) {
        OpHarness harness = OpHarness.of(op);
        for (Tensor input : inputs) {
            if (input == null) {
                harness.missing();
            } else {
                harness.input(input);
            }
        }
        return harness.run();
    }

    public static Tensor runSingle(Op op, Tensor... inputs) {
        Tensor[] outputs = run(op, inputs);
        assertEquals(1, outputs.length, "output count");
        return outputs[0];
    }

    /** A float tensor of uniform values in [-1, 1). */
    public static Tensor random(Random random, int... shape) {
        float[] data = new float[Shapes.elementCount(shape)];
        for (int i = 0; i < data.length; i++) {
            data[i] = random.nextFloat() * 2 - 1;
        }
        return Tensor.of(data, shape);
    }

    /** A float tensor holding 0, 1, 2, ... */
    public static Tensor iota(int... shape) {
        float[] data = new float[Shapes.elementCount(shape)];
        for (int i = 0; i < data.length; i++) {
            data[i] = i;
        }
        return Tensor.of(data, shape);
    }

    /** Asserts the shape and every element within {@code atol + rtol * |expected|}. */
    public static void assertClose(Tensor expected, Tensor actual, double atol, double rtol, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        assertEquals(expected.type(), actual.type(), what + ": element type");
        for (int i = 0; i < expected.size(); i++) {
            double e = expected.getDouble(i);
            double a = actual.getDouble(i);
            boolean bothNaN = Double.isNaN(e) && Double.isNaN(a);
            if (!bothNaN && !(Math.abs(a - e) <= atol + rtol * Math.abs(e))) {
                fail(what + ": element " + i + " is " + a + ", expected " + e);
            }
        }
    }

    /** Asserts a float32 tensor's shape and values, within 1e-5 absolute and relative. */
    public static void assertValues(Tensor actual, int[] shape, float... expected) {
        assertClose(Tensor.of(expected, shape), actual, 1e-5, 1e-5, "values");
    }

    public static int[] shape(int... dims) {
        return dims;
    }
}
