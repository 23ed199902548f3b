package io.lcnnserve.core.ops.spatial;

import io.lcnnserve.core.ops.Attributes;
import io.lcnnserve.core.ops.NodeSpec;
import io.lcnnserve.core.ops.OpException;
import java.util.Arrays;

/** Load-time checks on attribute values shared by the conv and pool families. */
public final class AttributeChecks {
    private AttributeChecks() {
    }

    /**
     * Rejects {@code attribute} on a node whose opset predates it, so a model that relies on a
     * newer operator version than it declares fails at load time instead of being misread.
     */
    public static void requireOpset(NodeSpec node, String attribute, int sinceOpset) {
        if (node.opset() < sinceOpset && node.attributes().names().contains(attribute)) {
            throw new OpException("attribute '" + attribute + "' exists since opset " + sinceOpset
                + ", but the model imports opset " + node.opset());
        }
    }

    /** A 0/1 attribute such as {@code ceil_mode}; absent means 0. */
    public static boolean readFlag(Attributes attributes, String name) {
        long value = attributes.getInt(name, 0);
        if (value != 0 && value != 1) {
            throw new OpException("attribute '" + name + "' must be 0 or 1, got " + value);
        }
        return value == 1;
    }

    /** An ints attribute as int[] with every value at least {@code min}; null when absent or empty. */
    public static int[] readInts(Attributes attributes, String name, int min) {
        long[] values = attributes.getInts(name, null);
        return values == null || values.length == 0 ? null : toInts(name, values, min);
    }

    /** Converts an ints attribute to int[], requiring every value to be at least {@code min}. */
    public static int[] toInts(String name, long[] values, int min) {
        int[] result = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            if (values[i] < min || values[i] > Integer.MAX_VALUE) {
                throw new OpException("attribute '" + name + "' = " + Arrays.toString(values)
                    + " must contain values >= " + min);
            }
            result[i] = (int) values[i];
        }
        return result;
    }
}
