package io.lcnnserve.systemtest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The samples of one {@code /actuator/prometheus} scrape (Prometheus text format). */
record PrometheusScrape(List<Sample> samples) {
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)(\\s+\\S+)?$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    record Sample(String name, Map<String, String> labels, double value) {
        /** True if the sample carries every given label with the given value (pairs: name, value, ...). */
        boolean has(String... labelValues) {
            for (int i = 0; i < labelValues.length; i += 2) {
                if (!labelValues[i + 1].equals(labels.get(labelValues[i]))) {
                    return false;
                }
            }
            return true;
        }
    }

    static PrometheusScrape parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.lines().toList()) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line.trim());
            if (!m.matches()) {
                throw new IllegalArgumentException("not a Prometheus sample line: " + line);
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (m.group(3) != null) {
                Matcher label = LABEL.matcher(m.group(3));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(4))));
        }
        return new PrometheusScrape(samples);
    }

    /** The samples of metric {@code name} that carry the given labels (pairs: name, value, ...). */
    List<Sample> find(String name, String... labelValues) {
        return samples.stream().filter(s -> s.name().equals(name) && s.has(labelValues)).toList();
    }

    /** The sum over the samples of {@code name} with the given labels (0 if there are none). */
    double sum(String name, String... labelValues) {
        return find(name, labelValues).stream().mapToDouble(Sample::value).sum();
    }
}
