package io.lcnnserve.service.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * The server's own metrics, all named {@code lcnn_*} in Prometheus:
 * <ul>
 *   <li>{@code lcnn_requests_total{model,version,endpoint,outcome}}</li>
 *   <li>{@code lcnn_request_duration_seconds{model,endpoint}} (histogram)</li>
 *   <li>{@code lcnn_queue_duration_seconds}, {@code lcnn_preprocess_duration_seconds},
 *       {@code lcnn_inference_duration_seconds} {@code {model}} (histograms)</li>
 *   <li>{@code lcnn_batch_size{model}} (histogram of samples per batch)</li>
 *   <li>{@code lcnn_queue_depth}, {@code lcnn_sessions_busy}, {@code lcnn_sessions_idle} {@code {model,version}}</li>
 *   <li>{@code lcnn_model_state{model,version,state}} (1 for the version's current state, else 0)</li>
 *   <li>{@code lcnn_model_load_failures_total{model}}</li>
 *   <li>{@code lcnn_layer_duration_seconds{model,layer,op}} from sampled per-layer profiling</li>
 * </ul>
 */
@Component
public class ServingMetrics {
    private static final Duration[] LATENCY_BUCKETS = {
        Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(20),
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10),
        Duration.ofSeconds(30)};
    private static final double[] BATCH_BUCKETS = {1, 2, 4, 8, 16, 32, 64, 128};

    private final MeterRegistry registry;

    public ServingMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void request(String model, String version, String endpoint, String outcome, long nanos) {
        Counter.builder("lcnn.requests").description("Requests by model, version, endpoint and outcome")
            .tags("model", model, "version", version, "endpoint", endpoint, "outcome", outcome)
            .register(registry).increment();
        latency("lcnn.request.duration", "Time from request arrival to response", model)
            .tag("endpoint", endpoint).register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    public void queueTime(String model, long nanos) {
        latency("lcnn.queue.duration", "Time requests wait for their batch", model).register(registry)
            .record(nanos, TimeUnit.NANOSECONDS);
    }

    public void preprocessTime(String model, long nanos) {
        latency("lcnn.preprocess.duration", "Image decoding, resizing and normalisation per request", model)
            .register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    public void inferenceTime(String model, long nanos) {
        latency("lcnn.inference.duration", "Model execution time per batch", model).register(registry)
            .record(nanos, TimeUnit.NANOSECONDS);
    }

    public void batch(String model, int samples) {
        DistributionSummary.builder("lcnn.batch.size").description("Samples per executed batch")
            .tag("model", model).serviceLevelObjectives(BATCH_BUCKETS).register(registry).record(samples);
    }

    public void layerTime(String model, String layer, String op, long nanos) {
        Timer.builder("lcnn.layer.duration").description("Per-layer execution time from sampled profiling")
            .tags("model", model, "layer", layer, "op", op).register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    public void loadFailure(String model) {
        loadFailures(model).increment();
    }

    /** Makes {@code lcnn_model_load_failures_total} visible (at 0) for a model before any failure. */
    public void registerLoadFailures(String model) {
        loadFailures(model);
    }

    private Counter loadFailures(String model) {
        return Counter.builder("lcnn.model.load.failures").description("Model versions that failed to load")
            .tag("model", model).register(registry);
    }

    /**
     * Registers the live gauges of one serving model version; close the result when the version
     * stops serving.
     */
    public AutoCloseable versionGauges(String model, long version, Supplier<Number> queueDepth,
                                       Supplier<Number> sessionsBusy, Supplier<Number> sessionsIdle) {
        String v = Long.toString(version);
        List<Meter> meters = new ArrayList<>();
        meters.add(Gauge.builder("lcnn.queue.depth", queueDepth).description("Requests waiting for a batch")
            .tags("model", model, "version", v).strongReference(true).register(registry));
        meters.add(Gauge.builder("lcnn.sessions.busy", sessionsBusy).description("Sessions running a batch")
            .tags("model", model, "version", v).strongReference(true).register(registry));
        meters.add(Gauge.builder("lcnn.sessions.idle", sessionsIdle).description("Sessions free for a batch")
            .tags("model", model, "version", v).strongReference(true).register(registry));
        return () -> meters.forEach(registry::remove);
    }

    /**
     * Registers {@code lcnn_model_state{model,version,state}} for every state name: 1 for the
     * state {@code current} reports, 0 for the others.
     */
    public void modelStateGauges(String model, long version, List<String> states, Supplier<String> current) {
        String v = Long.toString(version);
        for (String state : states) {
            Gauge.builder("lcnn.model.state", () -> state.equals(current.get()) ? 1 : 0)
                .description("1 for the current state of a model version")
                .tags("model", model, "version", v, "state", state).strongReference(true).register(registry);
        }
    }

    private static Timer.Builder latency(String name, String description, String model) {
        return Timer.builder(name).description(description).tag("model", model)
            .serviceLevelObjectives(LATENCY_BUCKETS);
    }
}
