package io.lcnnserve.store.lifecycle;

import static io.lcnnserve.store.lifecycle.VersionState.FAILED;
import static io.lcnnserve.store.lifecycle.VersionState.LOADING;
import static io.lcnnserve.store.lifecycle.VersionState.READY;
import static io.lcnnserve.store.lifecycle.VersionState.UNLOADED;
import static io.lcnnserve.store.lifecycle.VersionState.UNLOADING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import io.lcnnserve.store.repository.Digests;
import io.lcnnserve.store.repository.FetchedVersion;
import io.lcnnserve.store.repository.LocalModelRepository;
import io.lcnnserve.store.repository.ModelListing;
import io.lcnnserve.store.repository.ModelRepository;
import io.lcnnserve.store.repository.RepositoryFile;
import io.lcnnserve.store.repository.VersionListing;
import io.lcnnserve.store.repository.UnsafePathException;
import io.lcnnserve.store.testing.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Version lifecycle on a local repository, with tiny constant-output models told apart by their scores. */
class ModelManagerTest {
    private static final byte[] V1 = TestModels.constantScores(8, 1, 0, 0);
    private static final byte[] V2 = TestModels.constantScores(8, 0, 2, 0);
    private static final byte[] V3 = TestModels.constantScores(8, 0, 0, 3);
    private static final byte[] CORRUPT = Arrays.copyOf(V3, V3.length / 2);

    @TempDir
    Path tmp;
    Path root;
    ModelManager manager;
    final List<ModelEvent> events = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void createRoot() throws IOException {
        root = Files.createDirectories(tmp.resolve("models"));
    }

    @AfterEach
    void closeManager() {
        if (manager != null) {
            manager.close();
        }
    }

    private ModelManagerOptions options() {
        return ModelManagerOptions.defaults().withSettleTime(Duration.ZERO).withWarmupRuns(1)
            .withCacheDir(tmp.resolve("cache"));
    }

    private ModelManager start(ModelManagerOptions options) {
        manager = new ModelManager(new LocalModelRepository(root), options);
        manager.addListener(events::add);
        manager.start();
        return manager;
    }

    private ModelManager start() {
        return start(options());
    }

    private static float[] scores(LoadedModel model) throws InterruptedException {
        Map<String, Tensor> out = model.pool().run(
            Map.of(TestModels.INPUT, Tensor.zeros(DataType.FLOAT, 1, 3, 8, 8)), Duration.ofSeconds(5));
        return out.get(TestModels.OUTPUT).toFloatArray();
    }

    private ModelStatus status(String model) {
        return manager.model(model).orElseThrow();
    }

    private List<ModelEvent> eventsOf(long version) {
        synchronized (events) {
            return events.stream().filter(e -> e.version() == version).toList();
        }
    }

    @Test
    void startLoadsTheNewestVersionWithItsDigestAndLabels() throws Exception {
        TestModels.writeVersion(root, "m", 1, V1);
        TestModels.writeLabels(root, "m", List.of("cat", "dog", "bird"));
        start();

        LoadedModel loaded = manager.ready("m").orElseThrow();
        assertThat(loaded.version()).isEqualTo(1);
        assertThat(loaded.sha256()).isEqualTo(Digests.sha256(V1));
        assertThat(loaded.labels()).containsExactly("cat", "dog", "bird");
        assertThat(loaded.label(1)).isEqualTo("dog");
        assertThat(scores(loaded)).containsExactly(1, 0, 0);
        VersionStatus v1 = status("m").version(1).orElseThrow();
        assertThat(v1.state()).isEqualTo(READY);
        assertThat(v1.sha256()).isEqualTo(Digests.sha256(V1));
        assertThat(v1.error()).isNull();
        assertThat(eventsOf(1)).extracting(ModelEvent::from, ModelEvent::to)
            .containsExactly(tuple(UNLOADED, LOADING), tuple(LOADING, READY));
    }

    @Test
    void effectiveConfigNamesTheModelsInputAndOutputAndItsSize() {
        TestModels.writeVersion(root, "m", 1, V1);
        start();
        var config = manager.ready("m").orElseThrow().config();
        assertThat(config.input().name()).isEqualTo(TestModels.INPUT);
        assertThat(config.input().width()).isEqualTo(8);
        assertThat(config.input().height()).isEqualTo(8);
        assertThat(config.output().name()).isEqualTo(TestModels.OUTPUT);
        assertThat(config.preprocessing().resizeShorterTo()).isEqualTo(9);
        assertThat(status("m").config()).isEqualTo(config);
    }

    @Test
    void version2AddedWhileVersion1ServesTakesOverThenVersion1IsUnloaded() throws Exception {
        TestModels.writeVersion(root, "m", 1, V1);
        start();
        assertThat(manager.ready("m").orElseThrow().version()).isEqualTo(1);

        TestModels.writeVersion(root, "m", 2, V2);
        manager.rescan();

        LoadedModel serving = manager.ready("m").orElseThrow();
        assertThat(serving.version()).isEqualTo(2);
        assertThat(scores(serving)).containsExactly(0, 2, 0);
        assertThat(status("m").versions()).extracting(VersionStatus::version, VersionStatus::state)
            .containsExactly(tuple(1L, UNLOADED), tuple(2L, READY));
        assertThat(manager.ready("m", 1)).isEmpty();
        List<String> order;
        synchronized (events) {
            order = events.stream().map(e -> e.version() + ":" + e.to()).toList();
        }
        assertThat(order).containsSubsequence("2:READY", "1:UNLOADING", "1:UNLOADED");
    }

    @Test
    void acceptanceSequenceAddCorruptAndDeleteVersions() throws Exception {
        TestModels.writeVersion(root, "m", 1, V1);
        start();
        TestModels.writeVersion(root, "m", 2, V2);
        manager.rescan();
        assertThat(manager.ready("m").orElseThrow().version()).isEqualTo(2);

        TestModels.writeVersion(root, "m", 3, CORRUPT);
        manager.rescan();
        VersionStatus v3 = status("m").version(3).orElseThrow();
        assertThat(v3.state()).isEqualTo(FAILED);
        assertThat(v3.error()).contains("model 'm' version 3").contains("not a valid ONNX model");
        assertThat(v3.sha256()).isEqualTo(Digests.sha256(CORRUPT));
        assertThat(manager.ready("m").orElseThrow().version()).isEqualTo(2);
        assertThat(status("m").version(2).orElseThrow().state()).isEqualTo(READY);

        deleteVersion("m", 2);
        manager.rescan();
        LoadedModel serving = manager.ready("m").orElseThrow();
        assertThat(serving.version()).isEqualTo(1);
        assertThat(scores(serving)).containsExactly(1, 0, 0);
        assertThat(status("m").versions()).extracting(VersionStatus::version, VersionStatus::state)
            .containsExactly(tuple(1L, READY), tuple(3L, FAILED));
    }

    @Test
    void failedVersionIsRetriedOnlyWhenItsFilesChange() throws Exception {
        TestModels.writeVersion(root, "m", 1, V1);
        TestModels.writeVersion(root, "m", 2, CORRUPT);
        start();
        assertThat(status("m").version(2).orElseThrow().state()).isEqualTo(FAILED);
        int eventsAfterStart = events.size();

        manager.rescan();
        assertThat(events).hasSize(eventsAfterStart);

        TestModels.writeVersion(root, "m", 2, V2);
        manager.rescan();
        assertThat(manager.ready("m").orElseThrow().version()).isEqualTo(2);
        assertThat(eventsOf(2)).extracting(ModelEvent::from, ModelEvent::to).containsExactly(tuple(UNLOADED, LOADING),
            tuple(LOADING, FAILED), tuple(FAILED, LOADING), tuple(LOADING, READY));
    }

    @Test
    void brokenNewestVersionAtStartLeavesTheOlderOneServing() {
        TestModels.writeVersion(root, "m", 1, V1);
        TestModels.writeVersion(root, "m", 2, CORRUPT);
        start();
        assertThat(manager.ready("m").orElseThrow().version()).isEqualTo(1);
        assertThat(status("m").version(2).orElseThrow().state()).isEqualTo(FAILED);
    }

    @Test
    void latestTwoPolicyServesTheTwoNewest() {
        TestModels.writeConfig(root, "m", "versionPolicy: {latest: 2}");
        for (int v = 1; v <= 3; v++) {
            TestModels.writeVersion(root, "m", v, V1);
        }
        start();
        assertThat(manager.ready("m").orElseThrow().version()).isEqualTo(3);
        assertThat(manager.ready("m", 2)).isPresent();
        assertThat(status("m").versions()).extracting(VersionStatus::state).containsExactly(UNLOADED, READY, READY);
    }

    @Test
    void specificPolicyServesExactlyTheListedVersions() {
        TestModels.writeConfig(root, "m", "versionPolicy: {specific: [1, 3, 9]}");
        for (int v = 1; v <= 3; v++) {
            TestModels.writeVersion(root, "m", v, V1);
        }
        start();
        assertThat(status("m").versions()).extracting(VersionStatus::version, VersionStatus::state)
            .containsExactly(tuple(1L, READY), tuple(2L, UNLOADED), tuple(3L, READY));
    }

    @Test
    void allPolicyServesEveryVersion() {
        TestModels.writeConfig(root, "m", "versionPolicy: all");
        TestModels.writeVersion(root, "m", 1, V1);
        TestModels.writeVersion(root, "m", 2, V2);
        start();
        assertThat(status("m").versions()).extracting(VersionStatus::state).containsExactly(READY, READY);
    }

    @Test
    void changingThePolicyUnloadsVersionsNoLongerWanted() throws IOException {
        TestModels.writeConfig(root, "m", "versionPolicy: all");
        TestModels.writeVersion(root, "m", 1, V1);
        TestModels.writeVersion(root, "m", 2, V2);
        start();
        TestModels.writeConfig(root, "m", "versionPolicy: {specific: [1]}");
        manager.rescan();
        assertThat(status("m").versions()).extracting(VersionStatus::state).containsExactly(READY, UNLOADED);
        assertThat(manager.ready("m").orElseThrow().version()).isEqualTo(1);
    }

    @Test
    void badConfigFailsOnlyThatModelNamingFileAndKey() {
        TestModels.writeVersion(root, "good", 1, V1);
        TestModels.writeVersion(root, "bad", 1, V1);
        TestModels.writeConfig(root, "bad", "preprocessing:\n  resizeMode: stretch\n");
        start();

        assertThat(manager.ready("good")).isPresent();
        assertThat(manager.ready("bad")).isEmpty();
        ModelStatus bad = status("bad");
        assertThat(bad.config()).isNull();
        assertThat(bad.configError()).contains("bad/config.yaml").contains("'preprocessing.resizeMode'")
            .contains("allowed values: DIRECT, SHORTER_SIDE_CENTER_CROP");
        VersionStatus v1 = bad.version(1).orElseThrow();
        assertThat(v1.state()).isEqualTo(FAILED);
        assertThat(v1.error()).contains("'preprocessing.resizeMode'");
        assertThat(status("good").configError()).isNull();
    }

    @Test
    void fixingABadConfigLoadsTheModelAtTheNextScan() throws IOException {
        TestModels.writeVersion(root, "m", 1, V1);
        TestModels.writeConfig(root, "m", "instances: zero");
        start();
        assertThat(manager.ready("m")).isEmpty();
        TestModels.writeConfig(root, "m", "instances: 2");
        manager.rescan();
        assertThat(manager.ready("m").orElseThrow().pool().size()).isEqualTo(2);
        assertThat(status("m").configError()).isNull();
    }

    @Test
    void configBrokenWhileServingKeepsTheServingVersion() throws Exception {
        TestModels.writeVersion(root, "m", 1, V1);
        start();
        TestModels.writeConfig(root, "m", "batching: {maxBatchSize: many}");
        TestModels.writeVersion(root, "m", 2, V2);
        manager.rescan();

        assertThat(scores(manager.ready("m").orElseThrow())).containsExactly(1, 0, 0);
        ModelStatus status = status("m");
        assertThat(status.configError()).contains("'batching.maxBatchSize'");
        assertThat(status.version(1).orElseThrow().state()).isEqualTo(READY);
        assertThat(status.version(2).orElseThrow().state()).isEqualTo(FAILED);
    }

    @Test
    void digestMismatchFailsWithExpectedAndActualDigests() {
        String wrong = "0".repeat(64);
        TestModels.writeVersion(root, "m", 1, V1);
        TestModels.writeConfig(root, "m", "expectedSha256: {1: \"" + wrong + "\"}");
        start();
        VersionStatus v1 = status("m").version(1).orElseThrow();
        assertThat(v1.state()).isEqualTo(FAILED);
        assertThat(v1.error()).contains("SHA-256 mismatch").contains("expected " + wrong)
            .contains("actual " + Digests.sha256(V1));
        assertThat(manager.ready("m")).isEmpty();
    }

    @Test
    void matchingExpectedDigestLoads() {
        TestModels.writeVersion(root, "m", 1, V1);
        TestModels.writeConfig(root, "m", "expectedSha256: {1: \"" + Digests.sha256(V1).toUpperCase() + "\"}");
        start();
        assertThat(manager.ready("m")).isPresent();
    }

    @Test
    void oldVersionDrainsInFlightLeasesBeforeItIsReleased() throws Exception {
        TestModels.writeVersion(root, "m", 1, V1);
        start();
        Lease lease = manager.acquire("m").orElseThrow();
        LoadedModel v1 = lease.model();

        TestModels.writeVersion(root, "m", 2, V2);
        manager.rescan();

        assertThat(manager.ready("m").orElseThrow().version()).isEqualTo(2);
        assertThat(status("m").version(1).orElseThrow().state()).isEqualTo(UNLOADING);
        assertThat(v1.isServing()).isFalse();
        assertThat(v1.tryAcquire()).isEmpty();
        assertThat(scores(v1)).containsExactly(1, 0, 0);
        try (Lease current = manager.acquire("m").orElseThrow()) {
            assertThat(current.model().version()).isEqualTo(2);
        }

        lease.close();
        assertThat(status("m").version(1).orElseThrow().state()).isEqualTo(UNLOADED);
        assertThat(v1.inFlight()).isZero();
        assertThatThrownBy(() -> scores(v1)).hasMessageContaining("is closed");
        lease.close();
        assertThat(v1.inFlight()).isZero();
    }

    @Test
    void retiredVersionRefusesNewLeasesWithAClearMessage() throws IOException {
        TestModels.writeVersion(root, "m", 1, V1);
        start();
        LoadedModel v1 = manager.ready("m").orElseThrow();
        TestModels.writeVersion(root, "m", 2, V2);
        manager.rescan();
        assertThatThrownBy(v1::acquire).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("version 1 of model 'm' is being unloaded");
    }

    @Test
    void versionStillBeingWrittenIsNotVisible() throws IOException {
        Path v1 = TestModels.writeVersion(root, "m", 1, V1);
        TestModels.age(v1.resolve("model.onnx"));
        start(options().withSettleTime(Duration.ofHours(1)));

        Path v2 = TestModels.writeVersion(root, "m", 2, V2);
        manager.rescan();
        assertThat(status("m").version(2)).isEmpty();
        assertThat(manager.ready("m").orElseThrow().version()).isEqualTo(1);

        TestModels.age(v2.resolve("model.onnx"));
        manager.rescan();
        assertThat(manager.ready("m").orElseThrow().version()).isEqualTo(2);
    }

    @Test
    void versionWithAnUnfinishedCopyIsNotVisible() throws IOException {
        TestModels.writeVersion(root, "m", 1, V1);
        start();
        Path v2 = TestModels.writeVersion(root, "m", 2, V2);
        Files.write(v2.resolve("weights.bin.part"), new byte[] {1});
        manager.rescan();
        assertThat(status("m").version(2)).isEmpty();

        Files.move(v2.resolve("weights.bin.part"), v2.resolve("weights.bin"));
        manager.rescan();
        assertThat(manager.ready("m").orElseThrow().version()).isEqualTo(2);
    }

    @Test
    void startWaitsForAVersionToSettle() {
        TestModels.writeVersion(root, "m", 1, V1);
        start(options().withSettleTime(Duration.ofMillis(300)));
        assertThat(manager.ready("m").orElseThrow().version()).isEqualTo(1);
    }

    @Test
    void versionWithoutModelFileFails() throws IOException {
        TestModels.writeVersion(root, "m", 1, V1);
        Path v2 = Files.createDirectories(root.resolve("m/2"));
        Files.write(v2.resolve("model.bin"), V2);
        start();
        assertThat(status("m").version(2).orElseThrow().error()).isEqualTo("model 'm' version 2 has no model.onnx");
        assertThat(manager.ready("m").orElseThrow().version()).isEqualTo(1);
    }

    @Test
    void labelCountThatDoesNotMatchTheOutputFails() {
        TestModels.writeVersion(root, "m", 1, V1);
        TestModels.writeLabels(root, "m", List.of("a", "b", "c", "d", "e"));
        start();
        assertThat(status("m").version(1).orElseThrow().error())
            .contains("output 'scores' has 3 classes, but labels.txt has 5 lines and output.labelOffset is 0");
    }

    @Test
    void labelOffsetLeavesLeadingOutputsUnlabelled() {
        TestModels.writeVersion(root, "m", 1, V1);
        TestModels.writeLabels(root, "m", List.of("dog", "bird"));
        TestModels.writeConfig(root, "m", "output: {labelOffset: 1}");
        start();
        LoadedModel loaded = manager.ready("m").orElseThrow();
        assertThat(loaded.label(0)).isNull();
        assertThat(loaded.label(1)).isEqualTo("dog");
        assertThat(loaded.label(2)).isEqualTo("bird");
        assertThat(loaded.label(3)).isNull();
    }

    @Test
    void versionAboveTheSizeLimitFails() {
        TestModels.writeVersion(root, "m", 1, V1);
        start(options().withMaxModelBytes(16));
        assertThat(status("m").version(1).orElseThrow().error()).contains("bytes, above the limit of 16");
    }

    @Test
    void configuredInputSizeMustMatchTheModel() {
        TestModels.writeVersion(root, "m", 1, V1);
        TestModels.writeConfig(root, "m", "input: {width: 224, height: 224}");
        start();
        assertThat(status("m").version(1).orElseThrow().error())
            .contains("the config's input size 224x224 (width x height) does not match input 'image' of shape [N, 3, 8, 8]");
    }

    @Test
    void unknownConfiguredInputNameFails() {
        TestModels.writeVersion(root, "m", 1, V1);
        TestModels.writeConfig(root, "m", "input: {name: data}");
        start();
        assertThat(status("m").version(1).orElseThrow().error())
            .contains("config key input.name is 'data', but the model's inputs are [image]");
    }

    @Test
    void versionLinkedOutsideTheRepositoryIsRejected() throws IOException {
        TestModels.writeVersion(root, "m", 1, V1);
        Path outside = TestModels.writeVersion(tmp.resolve("outside"), "m", 2, V2);
        Files.createSymbolicLink(root.resolve("m/2"), outside);
        start();
        VersionStatus v2 = status("m").version(2).orElseThrow();
        assertThat(v2.state()).isEqualTo(FAILED);
        assertThat(v2.error()).contains("outside the repository root");
        assertThat(manager.ready("m").orElseThrow().version()).isEqualTo(1);
    }

    @Test
    void modelFileLinkedOutsideTheVersionIsRejected() throws IOException {
        Path secret = Files.write(tmp.resolve("secret.onnx"), V1);
        Files.createSymbolicLink(Files.createDirectories(root.resolve("m/1")).resolve("model.onnx"), secret);
        start();
        assertThat(status("m").version(1).orElseThrow().error()).contains("is a link to")
            .contains("not a file inside the version directory");
        assertThat(manager.ready("m")).isEmpty();
    }

    @Test
    void modelDirectoryLinkedOutsideTheRepositoryIsRejected() throws IOException {
        Path outside = tmp.resolve("outside");
        TestModels.writeVersion(outside, "evil", 1, V1);
        Files.createSymbolicLink(root.resolve("evil"), outside.resolve("evil"));
        start();
        assertThat(manager.ready("evil")).isEmpty();
        assertThat(status("evil").configError()).contains("outside the repository root");
    }

    @Test
    void traversingNamesAreRejectedByTheApi() {
        TestModels.writeVersion(root, "m", 1, V1);
        start();
        assertThatThrownBy(() -> manager.load("../models/m")).isInstanceOf(UnsafePathException.class);
        assertThatThrownBy(() -> manager.load("/etc")).isInstanceOf(UnsafePathException.class);
        assertThatThrownBy(() -> manager.unload("..")).isInstanceOf(UnsafePathException.class);
        assertThat(manager.ready("../m")).isEmpty();
    }

    @Test
    void servingVersionRewrittenInPlaceIsReloaded() throws Exception {
        TestModels.writeVersion(root, "m", 1, V1);
        start();
        LoadedModel before = manager.ready("m").orElseThrow();
        TestModels.writeVersion(root, "m", 1, V2);
        manager.rescan();

        LoadedModel after = manager.ready("m").orElseThrow();
        assertThat(after).isNotSameAs(before);
        assertThat(scores(after)).containsExactly(0, 2, 0);
        assertThat(after.sha256()).isEqualTo(Digests.sha256(V2));
        assertThat(status("m").version(1).orElseThrow().sha256()).isEqualTo(Digests.sha256(V2));
        assertThat(before.isServing()).isFalse();
        assertThat(eventsOf(1).getLast()).extracting(ModelEvent::from, ModelEvent::to, ModelEvent::error)
            .containsExactly(READY, READY, null);
    }

    @Test
    void servingVersionRewrittenWithBrokenContentKeepsServingThePreviousContent() throws Exception {
        TestModels.writeVersion(root, "m", 1, V1);
        start();
        TestModels.writeVersion(root, "m", 1, CORRUPT);
        manager.rescan();

        assertThat(scores(manager.ready("m").orElseThrow())).containsExactly(1, 0, 0);
        VersionStatus v1 = status("m").version(1).orElseThrow();
        assertThat(v1.state()).isEqualTo(READY);
        assertThat(v1.sha256()).isEqualTo(Digests.sha256(V1));
        assertThat(v1.error()).contains("still serving the previous content").contains("not a valid ONNX model");
    }

    @Test
    void removedModelIsUnloadedAndForgotten() throws IOException {
        TestModels.writeVersion(root, "gone", 1, V1);
        TestModels.writeVersion(root, "kept", 1, V1);
        start();
        deleteRecursively(root.resolve("gone"));
        manager.rescan();
        assertThat(manager.ready("gone")).isEmpty();
        assertThat(manager.models()).extracting(ModelStatus::name).containsExactly("kept");
        assertThat(eventsOf(1).stream().filter(e -> e.model().equals("gone")).map(ModelEvent::to))
            .containsSubsequence(READY, UNLOADING, UNLOADED);
    }

    @Test
    void newModelAppearingInTheRepositoryIsLoaded() {
        TestModels.writeVersion(root, "a", 1, V1);
        start();
        TestModels.writeVersion(root, "b", 1, V2);
        manager.rescan();
        assertThat(manager.models()).extracting(ModelStatus::name).containsExactly("a", "b");
        assertThat(manager.ready("b")).isPresent();
    }

    @Test
    void unloadedModelStaysUnloadedUntilLoadedAgain() {
        TestModels.writeVersion(root, "m", 1, V1);
        start();
        manager.unload("m");
        assertThat(manager.ready("m")).isEmpty();
        assertThat(status("m").versions()).extracting(VersionStatus::state).containsExactly(UNLOADED);

        manager.rescan();
        assertThat(manager.ready("m")).isEmpty();

        manager.load("m");
        assertThat(manager.ready("m").orElseThrow().version()).isEqualTo(1);
    }

    @Test
    void explicitLoadRetriesAFailedVersionWithoutAChange() {
        TestModels.writeVersion(root, "m", 1, V1);
        start(options().withMaxModelBytes(16));
        assertThat(status("m").version(1).orElseThrow().state()).isEqualTo(FAILED);
        int before = eventsOf(1).size();
        manager.load("m");
        assertThat(eventsOf(1)).hasSize(before + 2);
    }

    @Test
    void explicitModeLoadsOnlyWhatIsAskedFor() {
        TestModels.writeVersion(root, "a", 1, V1);
        TestModels.writeVersion(root, "b", 1, V2);
        start(options().withControlMode(ModelControlMode.EXPLICIT, Set.of("a")));
        assertThat(manager.models()).extracting(ModelStatus::name).containsExactly("a");

        manager.load("b");
        assertThat(manager.ready("b")).isPresent();
        assertThatThrownBy(() -> manager.load("c")).isInstanceOf(ModelNotFoundException.class)
            .hasMessageContaining("no model 'c' in " + root);
        assertThatThrownBy(() -> manager.unload("c")).isInstanceOf(ModelNotFoundException.class);
    }

    @Test
    void fetchFailureIsRetriedAtTheNextScanWithoutAChange() {
        TestModels.writeVersion(root, "m", 1, V1);
        FlakyRepository flaky = new FlakyRepository(new LocalModelRepository(root), 1, 0);
        manager = new ModelManager(flaky, options());
        manager.start();
        assertThat(status("m").version(1).orElseThrow().error()).contains("cannot fetch its files")
            .contains("network down").contains("retried at the next scan");

        manager.rescan();
        assertThat(manager.ready("m").orElseThrow().version()).isEqualTo(1);
    }

    @Test
    void configReadFailureIsRetriedAtTheNextScanWithoutAChange() {
        TestModels.writeVersion(root, "m", 1, V1);
        TestModels.writeConfig(root, "m", "instances: 1");
        FlakyRepository flaky = new FlakyRepository(new LocalModelRepository(root), 0, 1);
        manager = new ModelManager(flaky, options());
        manager.start();
        assertThat(status("m").configError()).contains("cannot read the files of model 'm'").contains("network down");

        manager.rescan();
        assertThat(manager.ready("m")).isPresent();
        assertThat(status("m").configError()).isNull();
    }

    @Test
    void startFailsWhenTheRepositoryCannotBeListed() {
        manager = new ModelManager(new LocalModelRepository(tmp.resolve("no-such-dir")), options());
        assertThatThrownBy(manager::start).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("cannot list the model repository " + tmp.resolve("no-such-dir"));
    }

    @Test
    void startFailsOnAnExplicitStartupModelThatDoesNotExist() {
        TestModels.writeVersion(root, "a", 1, V1);
        manager = new ModelManager(new LocalModelRepository(root),
            options().withControlMode(ModelControlMode.EXPLICIT, Set.of("a", "typo")));
        assertThatThrownBy(manager::start).isInstanceOf(ModelNotFoundException.class)
            .hasMessageContaining("startup model 'typo' is not in " + root);
    }

    @Test
    void pollerPicksUpANewVersion() throws Exception {
        TestModels.writeVersion(root, "m", 1, V1);
        start(options().withPollInterval(Duration.ofMillis(50)));
        TestModels.writeVersion(root, "m", 2, V2);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (manager.ready("m").orElseThrow().version() != 2 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(manager.ready("m").orElseThrow().version()).isEqualTo(2);
    }

    @Test
    void failingListenerDoesNotStopLoading() {
        TestModels.writeVersion(root, "m", 1, V1);
        manager = new ModelManager(new LocalModelRepository(root), options());
        manager.addListener(e -> {
            throw new IllegalStateException("listener bug");
        });
        manager.addListener(events::add);
        manager.start();
        assertThat(manager.ready("m")).isPresent();
        assertThat(events).extracting(ModelEvent::to).containsExactly(LOADING, READY);
    }

    @Test
    void closeReleasesAVersionStillLeasedAfterTheDrainTimeout() {
        TestModels.writeVersion(root, "m", 1, V1);
        start(options().withDrainTimeout(Duration.ofMillis(100)));
        Lease forgotten = manager.acquire("m").orElseThrow();
        manager.close();
        assertThat(forgotten.model().isServing()).isFalse();
        assertThat(eventsOf(1).getLast().to()).isEqualTo(UNLOADED);
    }

    @Test
    void closeUnloadsEverythingAndRefusesFurtherScans() {
        TestModels.writeVersion(root, "m", 1, V1);
        start();
        LoadedModel v1 = manager.ready("m").orElseThrow();
        manager.close();
        assertThat(manager.ready("m")).isEmpty();
        assertThat(v1.isServing()).isFalse();
        assertThat(eventsOf(1).getLast().to()).isEqualTo(UNLOADED);
        assertThatThrownBy(manager::rescan).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    /** A repository whose first fetches and reads fail, as on a network outage. */
    private static final class FlakyRepository implements ModelRepository {
        private final ModelRepository delegate;
        private int fetchFailures;
        private int readFailures;

        FlakyRepository(ModelRepository delegate, int fetchFailures, int readFailures) {
            this.delegate = delegate;
            this.fetchFailures = fetchFailures;
            this.readFailures = readFailures;
        }

        @Override
        public String location() {
            return delegate.location();
        }

        @Override
        public List<String> modelNames() throws IOException {
            return delegate.modelNames();
        }

        @Override
        public Optional<ModelListing> list(String model) throws IOException {
            return delegate.list(model);
        }

        @Override
        public byte[] read(String model, RepositoryFile file, long maxBytes) throws IOException {
            if (readFailures-- > 0) {
                throw new IOException("network down");
            }
            return delegate.read(model, file, maxBytes);
        }

        @Override
        public FetchedVersion fetch(String model, VersionListing version, Path cacheDir) throws IOException {
            if (fetchFailures-- > 0) {
                throw new IOException("network down");
            }
            return delegate.fetch(model, version, cacheDir);
        }

        @Override
        public boolean isUnchanged(String model, VersionListing version) throws IOException {
            return delegate.isUnchanged(model, version);
        }
    }

    private void deleteVersion(String model, long version) throws IOException {
        deleteRecursively(root.resolve(model).resolve(Long.toString(version)));
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
