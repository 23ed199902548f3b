package io.lcnnserve.service.serving;

import io.lcnnserve.core.profile.LayerProfile;
import io.lcnnserve.core.profile.Profile;
import io.lcnnserve.core.runtime.Model;
import io.lcnnserve.core.runtime.Session;
import io.lcnnserve.core.runtime.SessionOptions;
import io.lcnnserve.core.tensor.Tensor;
import io.lcnnserve.service.metrics.ServingMetrics;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs a small random fraction of batches on a profiling session of the model and publishes each
 * layer's time as {@code lcnn_layer_duration_seconds{model,layer,op}}. One profiling session per
 * model version, created on first use; a batch drawn for sampling while it is busy runs normally.
 */
final class LayerSampler {
    private final Model model;
    private final String modelName;
    private final double sampleRate;
    private final ServingMetrics metrics;
    private final ReentrantLock lock = new ReentrantLock();
    private Session session;

    LayerSampler(Model model, String modelName, double sampleRate, ServingMetrics metrics) {
        this.model = model;
        this.modelName = modelName;
        this.sampleRate = sampleRate;
        this.metrics = metrics;
    }

    /** The batch's outputs if it was drawn for sampling and the profiling session was free. */
    Optional<Map<String, Tensor>> maybeRun(Map<String, Tensor> inputs) {
        if (sampleRate <= 0 || ThreadLocalRandom.current().nextDouble() >= sampleRate || !lock.tryLock()) {
            return Optional.empty();
        }
        try {
            if (session == null) {
                session = model.newSession(SessionOptions.defaults().withProfiling(true));
            }
            session.resetProfile();
            Map<String, Tensor> outputs = session.run(inputs);
            session.profile().ifPresent(this::publish);
            return Optional.of(outputs);
        } finally {
            lock.unlock();
        }
    }

    private void publish(Profile profile) {
        long[][] lastRun = profile.lastRun();
        for (int i = 0; i < profile.layers().size() && i < lastRun.length; i++) {
            LayerProfile layer = profile.layers().get(i);
            metrics.layerTime(modelName, layer.cost().name(), layer.cost().opType(), lastRun[i][1]);
        }
    }

    void close() {
        lock.lock();
        try {
            if (session != null) {
                session.close();
            }
        } finally {
            lock.unlock();
        }
    }
}
