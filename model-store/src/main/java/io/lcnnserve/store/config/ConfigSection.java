package io.lcnnserve.store.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * One mapping of a config file with the keys it may hold. Reading a value checks its type and
 * range; every failure is a {@link ModelConfigException} naming the file, the dotted key and what
 * is allowed. Unknown keys are rejected as soon as the section is opened.
 */
final class ConfigSection {
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(us|ms|s|m)");
    private static final Pattern FRACTION = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*/\\s*(\\d+(?:\\.\\d+)?)\\s*");

    private final String file;
    private final String path;
    private final JsonNode node;

    private ConfigSection(String file, String path, JsonNode node, List<String> allowedKeys) {
        this.file = file;
        this.path = path;
        this.node = node;
        for (String key : node.propertyNames()) {
            if (!allowedKeys.contains(key)) {
                throw new ModelConfigException(file, qualified(key), "unknown key; allowed keys"
                    + (path.isEmpty() ? "" : " in '" + path + "'") + ": " + String.join(", ", allowedKeys));
            }
        }
    }

    /** The top-level mapping of a file. */
    static ConfigSection root(String file, JsonNode node, List<String> allowedKeys) {
        if (!node.isObject()) {
            throw new ModelConfigException(file, null, "the top level must be a mapping of keys to values, found "
                + describe(node));
        }
        return new ConfigSection(file, "", node, allowedKeys);
    }

    /** A nested mapping; a missing key gives an empty section (all defaults). */
    ConfigSection section(String key, List<String> allowedKeys) {
        JsonNode child = node.get(key);
        if (child == null || child.isNull()) {
            child = JsonNodeFactory.instance.objectNode();
        } else if (!child.isObject()) {
            throw error(key, "must be a mapping with keys " + String.join(", ", allowedKeys) + ", found " + describe(child));
        }
        return new ConfigSection(file, qualified(key), child, allowedKeys);
    }

    boolean has(String key) {
        JsonNode v = node.get(key);
        return v != null && !v.isNull();
    }

    Optional<JsonNode> value(String key) {
        return has(key) ? Optional.of(node.get(key)) : Optional.empty();
    }

    List<String> keys() {
        return List.copyOf(node.propertyNames());
    }

    String string(String key, String defaultValue) {
        if (!has(key)) {
            return defaultValue;
        }
        JsonNode v = node.get(key);
        if (!v.isString() || v.stringValue().isBlank()) {
            throw error(key, "must be a non-empty string, found " + describe(v));
        }
        return v.stringValue();
    }

    int integer(String key, int defaultValue, int min, int max) {
        if (!has(key)) {
            return defaultValue;
        }
        return integerValue(key, node.get(key), min, max);
    }

    int integerValue(String key, JsonNode v, int min, int max) {
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < min || v.longValue() > max) {
            throw error(key, "must be an integer from " + min + " to " + max + ", found " + describe(v));
        }
        return (int) v.longValue();
    }

    /** A positive finite number, written as a number or as a fraction such as {@code "1/255"}. */
    double positiveNumber(String key, double defaultValue) {
        if (!has(key)) {
            return defaultValue;
        }
        JsonNode v = node.get(key);
        double value = Double.NaN;
        if (v.isNumber()) {
            value = v.doubleValue();
        } else if (v.isString()) {
            Matcher m = FRACTION.matcher(v.stringValue());
            if (m.matches() && Double.parseDouble(m.group(2)) != 0) {
                value = Double.parseDouble(m.group(1)) / Double.parseDouble(m.group(2));
            }
        }
        if (!(value > 0) || Double.isInfinite(value)) {
            throw error(key, "must be a positive number or a fraction such as \"1/255\", found " + describe(v));
        }
        return value;
    }

    /** Three finite numbers (one per channel), or a single number used for all three. */
    double[] channelValues(String key, double[] defaultValue, boolean positive) {
        if (!has(key)) {
            return defaultValue;
        }
        JsonNode v = node.get(key);
        String expected = "must be a list of 3 " + (positive ? "positive " : "") + "numbers (one per channel) or a single"
            + (positive ? " positive" : "") + " number, found " + describe(v);
        double[] values;
        if (v.isNumber()) {
            values = new double[] {v.doubleValue(), v.doubleValue(), v.doubleValue()};
        } else if (v.isArray() && v.size() == 3) {
            values = new double[3];
            for (int i = 0; i < 3; i++) {
                if (!v.get(i).isNumber()) {
                    throw error(key, expected);
                }
                values[i] = v.get(i).doubleValue();
            }
        } else {
            throw error(key, expected);
        }
        for (double x : values) {
            if (!Double.isFinite(x) || (positive && x <= 0)) {
                throw error(key, expected);
            }
        }
        return values;
    }

    /** An enum constant, matched ignoring case, with '-' accepted for '_'. */
    <E extends Enum<E>> E choice(String key, Class<E> type, E defaultValue) {
        if (!has(key)) {
            return defaultValue;
        }
        JsonNode v = node.get(key);
        String allowed = Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
        if (v.isString()) {
            String wanted = v.stringValue().trim().replace('-', '_').toUpperCase(Locale.ROOT);
            for (E constant : type.getEnumConstants()) {
                if (constant.name().equals(wanted)) {
                    return constant;
                }
            }
        }
        throw error(key, describe(v) + " is not allowed; allowed values: " + allowed);
    }

    /** A duration such as {@code 5ms}, {@code 250us}, {@code 2s}, {@code 1m} or ISO-8601 {@code PT0.005S}. */
    Duration duration(String key, Duration defaultValue, Duration max) {
        if (!has(key)) {
            return defaultValue;
        }
        JsonNode v = node.get(key);
        Duration d = null;
        if (v.isString()) {
            String text = v.stringValue().trim();
            Matcher m = DURATION.matcher(text);
            if (m.matches()) {
                double amount = Double.parseDouble(m.group(1));
                double nanosPerUnit = switch (m.group(2)) {
                    case "us" -> 1e3;
                    case "ms" -> 1e6;
                    case "s" -> 1e9;
                    default -> 60e9;
                };
                d = Duration.ofNanos(Math.round(amount * nanosPerUnit));
            } else {
                try {
                    d = Duration.parse(text);
                } catch (DateTimeParseException e) {
                    d = null;
                }
            }
        }
        if (d == null || d.isNegative() || d.compareTo(max) > 0) {
            throw error(key, "must be a duration from 0 to " + max.toMillis() + "ms written like \"5ms\", \"250us\", \"2s\""
                + " or \"PT0.005S\", found " + describe(v));
        }
        return d;
    }

    ModelConfigException error(String key, String problem) {
        return new ModelConfigException(file, qualified(key), problem);
    }

    private String qualified(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    static String describe(JsonNode v) {
        if (v.isString()) {
            return "'" + v.stringValue() + "'";
        }
        if (v.isObject()) {
            return "a mapping";
        }
        if (v.isArray()) {
            return "a list of " + v.size();
        }
        return v.toString();
    }
}
