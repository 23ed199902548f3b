package io.lcnnserve.core.profile;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A per-layer profile of a session: every executed step with its shapes, parameters, MACs,
 * bytes and time statistics over {@code runs} runs, plus the measured end-to-end run time.
 * {@code lastRun} holds the start offset and duration (ns) of each step in the most recent run,
 * for the Chrome trace.
 */
public record Profile(String model, int runs, double runMeanMs, List<LayerProfile> layers, long[][] lastRun) {

    public long totalParams() {
        return layers.stream().mapToLong(l -> l.cost().params()).sum();
    }

    public long totalMacs() {
        return layers.stream().mapToLong(l -> l.cost().macs()).sum();
    }

    /** Sum of the mean step times; the rest of {@link #runMeanMs()} is the executor's own overhead. */
    public double layersMeanMs() {
        return layers.stream().mapToDouble(LayerProfile::meanMs).sum();
    }

    /** The layers, slowest first. */
    public List<LayerProfile> byTime() {
        return layers.stream().sorted(Comparator.comparingDouble(LayerProfile::meanMs).reversed()).toList();
    }

    /** The profile as JSON: totals and one object per layer, slowest first. */
    public String toJson() {
        StringBuilder b = new StringBuilder();
        b.append("{\"model\":").append(Json.string(model))
            .append(",\"runs\":").append(runs)
            .append(",\"run_mean_ms\":").append(Json.number(runMeanMs))
            .append(",\"layers_mean_ms\":").append(Json.number(layersMeanMs()))
            .append(",\"total_params\":").append(totalParams())
            .append(",\"total_macs\":").append(totalMacs())
            .append(",\"layers\":[");
        List<LayerProfile> sorted = byTime();
        for (int i = 0; i < sorted.size(); i++) {
            LayerProfile l = sorted.get(i);
            LayerCost c = l.cost();
            b.append(i == 0 ? "" : ",").append('{')
                .append("\"index\":").append(c.index())
                .append(",\"name\":").append(Json.string(c.name()))
                .append(",\"op\":").append(Json.string(c.opType()))
                .append(",\"onnx_nodes\":").append(Json.strings(c.sourceNodes()))
                .append(",\"input_shapes\":").append(Json.shapes(c.inputShapes()))
                .append(",\"output_shapes\":").append(Json.shapes(c.outputShapes()))
                .append(",\"params\":").append(c.params())
                .append(",\"macs\":").append(c.macs())
                .append(",\"bytes_read\":").append(c.bytesRead())
                .append(",\"bytes_written\":").append(c.bytesWritten())
                .append(",\"mean_ms\":").append(Json.number(l.meanMs()))
                .append(",\"p50_ms\":").append(Json.number(l.p50Ms()))
                .append(",\"p99_ms\":").append(Json.number(l.p99Ms()))
                .append(",\"share\":").append(Json.number(l.share()))
                .append(",\"gflops\":").append(Json.number(l.gflops()))
                .append('}');
        }
        return b.append("]}").toString();
    }

    /**
     * The most recent run as Chrome trace-event JSON (complete events, microseconds), which
     * chrome://tracing and Perfetto open directly.
     */
    public String toChromeTrace() {
        StringBuilder b = new StringBuilder("{\"displayTimeUnit\":\"ms\",\"traceEvents\":[");
        for (int i = 0; i < layers.size() && i < lastRun.length; i++) {
            LayerCost c = layers.get(i).cost();
            b.append(i == 0 ? "" : ",").append('{')
                .append("\"name\":").append(Json.string(c.name()))
                .append(",\"cat\":").append(Json.string(c.opType()))
                .append(",\"ph\":\"X\",\"pid\":1,\"tid\":1")
                .append(",\"ts\":").append(String.format(Locale.ROOT, "%.3f", lastRun[i][0] / 1e3))
                .append(",\"dur\":").append(String.format(Locale.ROOT, "%.3f", lastRun[i][1] / 1e3))
                .append(",\"args\":{\"op\":").append(Json.string(c.opType()))
                .append(",\"onnx_nodes\":").append(Json.strings(c.sourceNodes()))
                .append(",\"output_shapes\":").append(Json.shapes(c.outputShapes()))
                .append(",\"macs\":").append(c.macs())
                .append(",\"params\":").append(c.params())
                .append("}}");
        }
        return b.append("]}").toString();
    }
}
