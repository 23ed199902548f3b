package io.lcnnserve.service.serving;

import io.lcnnserve.core.runtime.Session;
import io.lcnnserve.core.runtime.SessionPool;
import io.lcnnserve.core.tensor.Tensor;
import io.lcnnserve.service.imaging.ImagePreprocessor;
import io.lcnnserve.service.imaging.PreprocessingSpec;
import io.lcnnserve.service.metrics.ServingMetrics;
import io.lcnnserve.store.config.InputConfig;
import io.lcnnserve.store.config.ModelConfig;
import io.lcnnserve.store.config.PreprocessingConfig;
import io.lcnnserve.store.lifecycle.LoadedModel;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything that serves one loaded model version: its batcher over the version's session pool,
 * its image preprocessor, its statistics, the layer-time sampler and its gauges.
 */
public final class VersionServer {
    private static final Logger log = LoggerFactory.getLogger(VersionServer.class);
    /** A worker owns at most one session, so borrowing waits only if the store lent one out itself. */
    private static final Duration SESSION_WAIT = Duration.ofSeconds(30);

    private final LoadedModel loaded;
    private final DynamicBatcher batcher;
    private final ImagePreprocessor preprocessor;
    private final VersionStatistics statistics = new VersionStatistics();
    private final LayerSampler sampler;
    private final AutoCloseable gauges;

    VersionServer(LoadedModel loaded, ServingMetrics metrics, double layerSampleRate) {
        this.loaded = loaded;
        ModelConfig config = loaded.config();
        this.preprocessor = new ImagePreprocessor(preprocessingSpec(config));
        this.sampler = new LayerSampler(loaded.model(), loaded.name(), layerSampleRate, metrics);
        SessionPool pool = loaded.pool();
        BatchingPolicy policy = new BatchingPolicy(Math.max(1, config.batching().maxBatchSize()),
            config.batching().maxQueueDelay(), Math.max(1, config.batching().queueCapacity()), pool.size());
        String name = loaded.name();
        this.batcher = new DynamicBatcher(name, loaded.version(), policy, this::runBatch,
            (samples, requests, nanos, failed) -> {
                if (!failed) {
                    metrics.batch(name, samples);
                    metrics.inferenceTime(name, nanos);
                    statistics.batch(samples, nanos);
                }
            });
        int cpus = Runtime.getRuntime().availableProcessors();
        if ((long) pool.size() * Math.max(1, config.intraOpThreads()) > cpus) {
            log.warn("model {} version {} runs {} sessions x {} intra-op threads on {} CPUs: oversubscribed, "
                + "batches will compete for cores", name, loaded.version(), pool.size(), config.intraOpThreads(), cpus);
        }
        this.gauges = metrics.versionGauges(name, loaded.version(), batcher::queueDepth, pool::inUse,
            () -> pool.size() - pool.inUse());
    }

    private Map<String, Tensor> runBatch(Map<String, Tensor> inputs) throws InterruptedException {
        Optional<Map<String, Tensor>> sampled = sampler.maybeRun(inputs);
        if (sampled.isPresent()) {
            return sampled.get();
        }
        SessionPool pool = loaded.pool();
        Session session = pool.borrow(SESSION_WAIT);
        try {
            return session.run(inputs);
        } finally {
            pool.release(session);
        }
    }

    /** The image pipeline of a model config (the store resolved the input size at load). */
    static PreprocessingSpec preprocessingSpec(ModelConfig config) {
        PreprocessingConfig p = config.preprocessing();
        InputConfig input = config.input();
        io.lcnnserve.service.imaging.ResizeMode mode = switch (p.resizeMode()) {
            case DIRECT -> io.lcnnserve.service.imaging.ResizeMode.DIRECT;
            case SHORTER_SIDE_CENTER_CROP -> io.lcnnserve.service.imaging.ResizeMode.SHORTER_SIDE_THEN_CENTER_CROP;
        };
        return new PreprocessingSpec(mode, input.width(), input.height(),
            mode == io.lcnnserve.service.imaging.ResizeMode.DIRECT ? 0 : p.resizeShorterTo(),
            io.lcnnserve.service.imaging.Interpolation.valueOf(p.interpolation().name()),
            io.lcnnserve.service.imaging.ChannelOrder.valueOf(p.channelOrder().name()), p.scale(), p.mean(), p.std());
    }

    public LoadedModel loaded() {
        return loaded;
    }

    public String name() {
        return loaded.name();
    }

    public long version() {
        return loaded.version();
    }

    public DynamicBatcher batcher() {
        return batcher;
    }

    public ImagePreprocessor preprocessor() {
        return preprocessor;
    }

    public VersionStatistics statistics() {
        return statistics;
    }

    /** Finishes queued work, then stops the workers and removes the gauges. */
    void close(Duration drainTimeout) {
        batcher.close(drainTimeout);
        sampler.close();
        try {
            gauges.close();
        } catch (Exception e) {
            log.warn("cannot remove the gauges of {} version {}: {}", name(), version(), e.toString());
        }
    }
}
