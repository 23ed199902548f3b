package io.lcnnserve.service.api;

import java.util.LinkedHashMap;
import java.util.Map;

/** JSON objects whose members keep the order they are written in (responses read top-down). */
public final class JsonObjects {
    private JsonObjects() {
    }

    /** An ordered object from alternating names and values. */
    public static Map<String, Object> of(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must alternate, got " + namesAndValues.length + " items");
        }
        Map<String, Object> object = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            object.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return object;
    }
}
