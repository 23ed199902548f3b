package io.lcnnserve.core.ops;

import io.lcnnserve.core.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A node's attributes, with typed accessors that apply the ONNX default when an attribute is
 * absent. Every accessor marks the attribute as read: after an op is built, the importer rejects
 * any attribute the op never read, so an unsupported attribute is a load-time error instead of
 * being silently ignored.
 */
public final class Attributes {
    /** A decoded attribute value: Long, Float, String, long[], float[], List&lt;String&gt; or Tensor. */
    private final Map<String, Object> values;
    private final Set<String> read = new LinkedHashSet<>();

    public Attributes(Map<String, Object> values) {
        this.values = new LinkedHashMap<>(values);
    }

    public static Attributes empty() {
        return new Attributes(Map.of());
    }

    public boolean has(String name) {
        read.add(name);
        return values.containsKey(name);
    }

    public long getInt(String name, long defaultValue) {
        Object v = get(name);
        return v == null ? defaultValue : typed(name, v, Long.class, "an int");
    }

    public long requireInt(String name) {
        return typed(name, require(name), Long.class, "an int");
    }

    public float getFloat(String name, float defaultValue) {
        Object v = get(name);
        return v == null ? defaultValue : typed(name, v, Float.class, "a float");
    }

    public String getString(String name, String defaultValue) {
        Object v = get(name);
        return v == null ? defaultValue : typed(name, v, String.class, "a string");
    }

    /** An ints attribute, or {@code defaultValue} (may be null) when absent. */
    public long[] getInts(String name, long[] defaultValue) {
        Object v = get(name);
        return v == null ? defaultValue : typed(name, v, long[].class, "a list of ints").clone();
    }

    public float[] getFloats(String name, float[] defaultValue) {
        Object v = get(name);
        return v == null ? defaultValue : typed(name, v, float[].class, "a list of floats").clone();
    }

    public Tensor getTensor(String name) {
        Object v = get(name);
        return v == null ? null : typed(name, v, Tensor.class, "a tensor");
    }

    @SuppressWarnings("unchecked")
    public List<String> getStrings(String name) {
        Object v = get(name);
        return v == null ? null : typed(name, v, List.class, "a list of strings");
    }

    /** Reads a string attribute that must be one of {@code allowed}. */
    public String getEnum(String name, String defaultValue, String... allowed) {
        String v = getString(name, defaultValue);
        for (String a : allowed) {
            if (a.equals(v)) {
                return v;
            }
        }
        throw new OpException("attribute '" + name + "' = '" + v + "' is not supported (allowed: "
            + String.join(", ", allowed) + ")");
    }

    /** Names present on the node that no accessor has read. */
    public Set<String> unread() {
        Set<String> unread = new LinkedHashSet<>(values.keySet());
        unread.removeAll(read);
        return Collections.unmodifiableSet(unread);
    }

    /** Marks attributes as read that an op deliberately ignores (documentation-only or training-only). */
    public void ignore(String... names) {
        Collections.addAll(read, names);
    }

    public Set<String> names() {
        return Collections.unmodifiableSet(values.keySet());
    }

    private Object get(String name) {
        read.add(name);
        return values.get(name);
    }

    private Object require(String name) {
        Object v = get(name);
        if (v == null) {
            throw new OpException("required attribute '" + name + "' is missing");
        }
        return v;
    }

    private static <T> T typed(String name, Object v, Class<T> type, String what) {
        if (!type.isInstance(v)) {
            throw new OpException("attribute '" + name + "' must be " + what);
        }
        return type.cast(v);
    }
}
