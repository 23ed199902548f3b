package io.lcnnserve.core.runtime;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Walks the objects reachable from a root, each once however many paths lead to it: a structural
 * view of what an object retains, independent of GC timing and of how the collector rounds large
 * arrays into regions.
 *
 * <p>The walk follows every instance field of the project's own classes and of libraries on the
 * class path; JDK classes (in named modules, whose internals are closed to reflection) are followed
 * only through the public API of collections and maps, and are otherwise opaque (threads,
 * executors, strings, direct buffers: off-heap memory is not counted).
 */
final class ObjectGraph {
    private static final int ARRAY_HEADER_BYTES = 16;
    private static final Map<Class<?>, List<Field>> FIELDS = new HashMap<>();

    private ObjectGraph() {
    }

    /**
     * Bytes of the arrays reachable from {@code root}. Arrays hold all of a model's bulk data
     * (weights, packed weights, arenas), so object headers and small fields are left out.
     */
    static long arrayBytes(Object root) {
        long total = 0;
        for (Object object : reachable(root)) {
            if (object.getClass().isArray()) {
                total += arrayBytes(object.getClass().getComponentType(), Array.getLength(object));
            }
        }
        return total;
    }

    /** The objects of {@code type} reachable from {@code root}. */
    static <T> List<T> instancesOf(Object root, Class<T> type) {
        return reachable(root).stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static Set<Object> reachable(Object root) {
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Object> pending = new ArrayDeque<>();
        pending.push(root);
        while (!pending.isEmpty()) {
            Object object = pending.pop();
            if (!seen.add(object)) {
                continue;
            }
            Class<?> type = object.getClass();
            if (type.isArray()) {
                if (!type.getComponentType().isPrimitive()) {
                    for (Object element : (Object[]) object) {
                        push(pending, element);
                    }
                }
            } else {
                // Collections are read through their API, including the project's anonymous subclasses of JDK ones.
                if (object instanceof Collection<?> collection) {
                    collection.forEach(element -> push(pending, element));
                } else if (object instanceof Map<?, ?> map) {
                    map.forEach((key, value) -> {
                        push(pending, key);
                        push(pending, value);
                    });
                }
                for (Field field : fields(type)) {
                    try {
                        push(pending, field.get(object));
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException("cannot read " + field, e);
                    }
                }
            }
        }
        return seen;
    }

    private static void push(Deque<Object> pending, Object value) {
        if (value != null) {
            pending.push(value);
        }
    }

    private static long arrayBytes(Class<?> component, int length) {
        long elementBytes = component == long.class || component == double.class ? 8
            : component == int.class || component == float.class ? 4
            : component == short.class || component == char.class ? 2
            : component == byte.class || component == boolean.class ? 1
            : 4; // a compressed reference
        return ARRAY_HEADER_BYTES + elementBytes * length;
    }

    /** The reference-typed instance fields of a class and its superclasses up to the first JDK class. */
    private static synchronized List<Field> fields(Class<?> type) {
        return FIELDS.computeIfAbsent(type, t -> {
            List<Field> fields = new ArrayList<>();
            for (Class<?> c = t; c != null && !c.getModule().isNamed(); c = c.getSuperclass()) {
                for (Field field : c.getDeclaredFields()) {
                    if (Modifier.isStatic(field.getModifiers()) || field.getType().isPrimitive()) {
                        continue;
                    }
                    try {
                        field.setAccessible(true);
                        fields.add(field);
                    } catch (InaccessibleObjectException e) {
                        throw new IllegalStateException("cannot open " + field + " for the walk", e);
                    }
                }
            }
            return fields;
        });
    }
}
