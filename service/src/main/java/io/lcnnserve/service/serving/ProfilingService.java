package io.lcnnserve.service.serving;

import io.lcnnserve.core.profile.LayerCost;
import io.lcnnserve.core.profile.Profile;
import io.lcnnserve.core.profile.StaticAnalysis;
import io.lcnnserve.core.runtime.Session;
import io.lcnnserve.core.runtime.SessionOptions;
import io.lcnnserve.core.tensor.Shapes;
import io.lcnnserve.core.tensor.Tensor;
import io.lcnnserve.service.imaging.ImageDecoder;
import io.lcnnserve.store.config.InputConfig;
import io.lcnnserve.store.lifecycle.Lease;
import io.lcnnserve.store.lifecycle.LoadedModel;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Semaphore;
import org.springframework.stereotype.Service;

/**
 * Per-layer profiles of a model version on a dedicated profiling session (not the serving pool),
 * one profile at a time so that concurrent profiles do not skew each other's timings.
 */
@Service
public class ProfilingService {
    private static final long RANDOM_SEED = 20240229L;

    private final ModelServing serving;
    private final ImageDecoder decoder;
    private final Semaphore busy = new Semaphore(1);

    public ProfilingService(ModelServing serving, ImageDecoder decoder) {
        this.serving = serving;
        this.decoder = decoder;
    }

    /** What was profiled and the profile itself. */
    public record Result(String model, long version, int batch, int warmup, boolean randomInput, Profile profile) {
    }

    /**
     * Runs {@code warmup} untimed and {@code runs} timed inferences on an image (repeated {@code batch}
     * times) or, without one, on a fixed pseudo-random input.
     */
    public Result profile(String model, Long version, byte[] image, int runs, int warmup, int batch) {
        VersionServer server = serving.server(model, version);
        int maxBatch = server.batcher().policy().maxBatchSize();
        if (batch < 1 || batch > Math.max(maxBatch, 1)) {
            throw new InvalidRequestException("batch must be within 1.." + maxBatch + " (the max batch size of model '"
                + server.name() + "'), got " + batch);
        }
        if (!busy.tryAcquire()) {
            throw new ProfilerBusyException(model);
        }
        try (Lease lease = server.loaded().tryAcquire().orElseThrow(
            () -> new ModelNotReadyException("model '" + model + "' version " + server.version() + " is being unloaded"))) {
            LoadedModel loaded = lease.model();
            Tensor input = image == null ? randomInput(loaded, batch) : imageInput(server, image, batch);
            Map<String, Tensor> inputs = Map.of(loaded.config().input().name(), input);
            try (Session session = loaded.model().newSession(SessionOptions.defaults().withProfiling(true))) {
                for (int i = 0; i < warmup; i++) {
                    session.run(inputs);
                }
                session.resetProfile();
                for (int i = 0; i < runs; i++) {
                    session.run(inputs);
                }
                Profile profile = session.profile().orElseThrow(
                    () -> new IllegalStateException("the profiling session recorded no runs"));
                return new Result(loaded.name(), loaded.version(), batch, warmup, image == null, profile);
            }
        } finally {
            busy.release();
        }
    }

    /** The static per-layer analysis (shapes, parameters, MACs) for a batch size, without running. */
    public List<LayerCost> layers(String model, Long version, int batch) {
        VersionServer server = serving.server(model, version);
        if (batch < 1 || batch > 1024) {
            throw new InvalidRequestException("batch must be within 1..1024, got " + batch);
        }
        return StaticAnalysis.layers(server.loaded().model(), batch, true);
    }

    public VersionServer server(String model, Long version) {
        return serving.server(model, version);
    }

    private Tensor imageInput(VersionServer server, byte[] image, int batch) {
        Tensor one = InferenceService.toModelLayout(server.preprocessor().preprocess(decoder.decode(image)),
            server.loaded().config());
        float[] single = one.toFloatArray();
        float[] data = new float[single.length * batch];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(single, 0, data, b * single.length, single.length);
        }
        int[] shape = one.shape();
        shape[0] = batch;
        return Tensor.of(data, shape);
    }

    /** A fixed pseudo-random (standard normal) image tensor of the model's input size. */
    private static Tensor randomInput(LoadedModel loaded, int batch) {
        InputConfig input = loaded.config().input();
        int[] shape = InputConfig.NHWC.equals(input.layout())
            ? new int[] {batch, input.height(), input.width(), 3}
            : new int[] {batch, 3, input.height(), input.width()};
        Random random = new Random(RANDOM_SEED);
        float[] data = new float[Shapes.elementCount(shape)];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) random.nextGaussian();
        }
        return Tensor.of(data, shape);
    }
}
