package io.lcnnserve.store.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import io.lcnnserve.core.testing.Npy;
import io.lcnnserve.store.config.ModelConfig;
import io.lcnnserve.store.config.ResizeMode;
import io.lcnnserve.store.repository.LocalModelRepository;
import io.lcnnserve.store.repository.ModelRepositories;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The repository shipped in {@code models/}: every model loads with its digest checked and runs end to end. */
class BundledRepositoryTest {
    private static final List<String> MODELS = List.of("mobilenet_v1_0.25_128", "mobilenet_v1_0.5_160",
        "mobilenet_v2_1.0_224", "mobilenet_v3_small_1.0_224", "squeezenet1_1");

    @TempDir
    static Path cache;
    static ModelManager manager;

    @BeforeAll
    static void loadBundledRepository() {
        Path bundled = ModelRepositories.findBundled(Path.of("")).orElseThrow();
        manager = new ModelManager(new LocalModelRepository(bundled), ModelManagerOptions.defaults()
            .withSettleTime(Duration.ZERO).withWarmupRuns(1).withCacheDir(cache));
        manager.start();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    @Test
    void everyBundledModelIsReadyWithItsExpectedDigest() {
        assertThat(manager.models()).extracting(ModelStatus::name).containsExactlyElementsOf(MODELS);
        for (ModelStatus status : manager.models()) {
            assertThat(status.configError()).as(status.name()).isNull();
            VersionStatus v1 = status.version(1).orElseThrow();
            assertThat(v1.state()).as(status.name() + ": " + v1.error()).isEqualTo(VersionState.READY);
            assertThat(v1.sha256()).isEqualTo(status.config().expectedSha256().get(1L));
        }
    }

    @ParameterizedTest
    @CsvSource({
        "mobilenet_v1_0.25_128,      128, DIRECT,                   1001, 128, 128",
        "mobilenet_v1_0.5_160,       160, DIRECT,                   1001, 128, 128",
        "mobilenet_v2_1.0_224,       224, DIRECT,                   1001, 128, 128",
        "mobilenet_v3_small_1.0_224, 224, DIRECT,                   1001, 128, 127",
        "squeezenet1_1,              224, SHORTER_SIDE_CENTER_CROP, 1000, 0.485, 0.229",
    })
    void eachModelRunsEndToEndOnAZeroImageWithItsConfiguredShape(String name, int size, ResizeMode resize, int classes,
                                                                  double mean0, double std0) throws Exception {
        LoadedModel loaded = manager.ready(name).orElseThrow();
        ModelConfig config = loaded.config();
        assertThat(config.input().width()).isEqualTo(size);
        assertThat(config.input().height()).isEqualTo(size);
        assertThat(config.preprocessing().resizeMode()).isEqualTo(resize);
        assertThat(config.preprocessing().mean()[0]).isEqualTo(mean0);
        assertThat(config.preprocessing().std()[0]).isEqualTo(std0);
        assertThat(loaded.labels()).hasSize(classes);

        Tensor logits = run(loaded, Tensor.zeros(DataType.FLOAT, 1, 3, size, size));
        assertThat(logits.shape()).containsExactly(1, classes);
        for (float v : logits.toFloatArray()) {
            assertThat(Float.isFinite(v)).isTrue();
        }
    }

    @Test
    void mobileNetsLabelBackgroundAtIndexZeroAndSqueezeNetDoesNot() {
        assertThat(manager.ready("mobilenet_v2_1.0_224").orElseThrow().label(0)).isEqualTo("background");
        assertThat(manager.ready("mobilenet_v2_1.0_224").orElseThrow().label(286)).isEqualTo("Egyptian cat");
        assertThat(manager.ready("squeezenet1_1").orElseThrow().label(285)).isEqualTo("Egyptian cat");
        assertThat(manager.ready("squeezenet1_1").orElseThrow().config().preprocessing().scale()).isEqualTo(1.0 / 255);
    }

    @ParameterizedTest
    @CsvSource({
        "mobilenet_v2_1.0_224,       286",
        "mobilenet_v3_small_1.0_224, 286",
        "squeezenet1_1,              285",
    })
    void referenceCatInputIsClassifiedAsEgyptianCat(String name, int expectedTop1) throws Exception {
        LoadedModel loaded = manager.ready(name).orElseThrow();
        Tensor input = Npy.readResource("/reference/" + name + "/input_cat.npy");
        float[] logits = run(loaded, input).toFloatArray();
        int top1 = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[top1]) {
                top1 = i;
            }
        }
        assertThat(top1).isEqualTo(expectedTop1);
        assertThat(loaded.label(top1)).isEqualTo("Egyptian cat");
    }

    private static Tensor run(LoadedModel loaded, Tensor input) throws InterruptedException {
        try (Lease lease = loaded.acquire()) {
            Map<String, Tensor> out = lease.model().pool().run(Map.of(loaded.config().input().name(), input),
                Duration.ofSeconds(60));
            return out.get(loaded.config().output().name());
        }
    }
}
