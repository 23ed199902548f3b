package io.lcnnserve.store.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import io.lcnnserve.store.repository.LocalModelRepository;
import io.lcnnserve.store.repository.ModelRepositories;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The acceptance sequence on a real model (a copy of the bundled MobileNet V1 0.25/128) serving requests throughout. */
class RealModelHotSwapTest {
    private static final String MODEL = "mobilenet_v1_0.25_128";

    @TempDir
    Path tmp;

    @Test
    void versionsAreAddedCorruptedAndDeletedWhileRequestsAreServed() throws Exception {
        Path bundled = ModelRepositories.findBundled(Path.of("")).orElseThrow().resolve(MODEL);
        byte[] onnx = Files.readAllBytes(bundled.resolve("1/model.onnx"));
        Path root = Files.createDirectories(tmp.resolve("repo"));
        Files.copy(bundled.resolve("labels.txt"), Files.createDirectories(root.resolve(MODEL)).resolve("labels.txt"));
        writeVersion(root, 1, onnx);

        try (ModelManager manager = new ModelManager(new LocalModelRepository(root), ModelManagerOptions.defaults()
            .withSettleTime(Duration.ZERO).withWarmupRuns(1).withCacheDir(tmp.resolve("cache")))) {
            manager.start();
            Lease inFlight = manager.acquire(MODEL).orElseThrow();
            float[] before = classify(inFlight.model());

            writeVersion(root, 2, onnx);
            manager.rescan();
            assertThat(manager.ready(MODEL).orElseThrow().version()).isEqualTo(2);
            assertThat(state(manager, 1)).isEqualTo(VersionState.UNLOADING);
            assertThat(classify(inFlight.model())).containsExactly(before);
            inFlight.close();
            assertThat(state(manager, 1)).isEqualTo(VersionState.UNLOADED);

            writeVersion(root, 3, Arrays.copyOf(onnx, onnx.length - 1000));
            manager.rescan();
            VersionStatus v3 = manager.model(MODEL).orElseThrow().version(3).orElseThrow();
            assertThat(v3.state()).isEqualTo(VersionState.FAILED);
            assertThat(v3.error()).contains("version 3").contains("not a valid ONNX model");
            LoadedModel serving = manager.ready(MODEL).orElseThrow();
            assertThat(serving.version()).isEqualTo(2);
            assertThat(classify(serving)).containsExactly(before);

            deleteVersion(root, 2);
            manager.rescan();
            assertThat(manager.ready(MODEL).orElseThrow().version()).isEqualTo(1);
            assertThat(classify(manager.ready(MODEL).orElseThrow())).containsExactly(before);
        }
    }

    private static float[] classify(LoadedModel model) throws InterruptedException {
        Map<String, Tensor> out = model.pool().run(Map.of("input", Tensor.zeros(DataType.FLOAT, 1, 3, 128, 128)),
            Duration.ofSeconds(30));
        float[] logits = out.get("logits").toFloatArray();
        assertThat(logits).hasSize(1001);
        return logits;
    }

    private static VersionState state(ModelManager manager, long version) {
        return manager.model(MODEL).orElseThrow().version(version).orElseThrow().state();
    }

    private static void writeVersion(Path root, long version, byte[] onnx) throws IOException {
        Files.write(Files.createDirectories(root.resolve(MODEL).resolve(Long.toString(version))).resolve("model.onnx"), onnx);
    }

    private static void deleteVersion(Path root, long version) throws IOException {
        Path dir = root.resolve(MODEL).resolve(Long.toString(version));
        Files.delete(dir.resolve("model.onnx"));
        Files.delete(dir);
    }
}
