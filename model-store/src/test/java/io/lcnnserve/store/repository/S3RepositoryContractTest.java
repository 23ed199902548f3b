package io.lcnnserve.store.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.lcnnserve.store.lifecycle.LoadedModel;
import io.lcnnserve.store.lifecycle.ModelManager;
import io.lcnnserve.store.lifecycle.ModelManagerOptions;
import io.lcnnserve.store.lifecycle.VersionState;
import io.lcnnserve.store.lifecycle.VersionStatus;
import io.lcnnserve.store.testing.TestModels;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3 backend against a real S3 API server, which subclasses provide (in-process S3Proxy, or
 * MinIO in a container). Every test works in a fresh bucket under the prefix {@code repo}.
 */
abstract class S3RepositoryContractTest {
    private static final byte[] V1 = TestModels.constantScores(8, 1, 0, 0);
    private static final byte[] V2 = TestModels.constantScores(8, 0, 2, 0);

    @TempDir
    Path cache;
    String bucket;
    S3Client admin;
    S3ModelRepository repository;
    ModelManager manager;

    /** The server's S3 endpoint. */
    abstract URI endpoint();

    abstract String accessKey();

    abstract String secretKey();

    @BeforeEach
    void createBucket() {
        admin = S3Client.builder().endpointOverride(endpoint()).region(Region.US_EAST_1)
            .credentialsProvider(credentials()).forcePathStyle(true)
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED).build();
        bucket = "models-" + UUID.randomUUID().toString().substring(0, 8);
        admin.createBucket(b -> b.bucket(bucket));
        repository = new S3ModelRepository(options());
    }

    @AfterEach
    void close() {
        if (manager != null) {
            manager.close();
        }
        repository.close();
        admin.close();
    }

    private StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey(), secretKey()));
    }

    private S3RepositoryOptions options() {
        return new S3RepositoryOptions(bucket, "repo", endpoint(), "us-east-1", true, credentials());
    }

    void put(String key, byte[] content) {
        admin.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(content));
    }

    private ModelManager startManager() {
        manager = new ModelManager(repository, ModelManagerOptions.defaults().withSettleTime(Duration.ZERO)
            .withWarmupRuns(1).withCacheDir(cache));
        manager.start();
        return manager;
    }

    @Test
    void listsModelsAndVersionsUnderThePrefix() throws IOException {
        put("repo/m/config.yaml", "instances: 1".getBytes(StandardCharsets.UTF_8));
        put("repo/m/labels.txt", "a\nb\nc\n".getBytes(StandardCharsets.UTF_8));
        put("repo/m/1/model.onnx", V1);
        put("repo/m/2/model.onnx", V2);
        put("repo/m/2/weights/extra.bin", new byte[] {7});
        put("repo/m/latest/model.onnx", V2);
        put("repo/other/1/model.onnx", V1);
        put("elsewhere/x/1/model.onnx", V1);

        assertThat(repository.modelNames()).containsExactly("m", "other");
        ModelListing m = repository.list("m").orElseThrow();
        assertThat(m.config().path()).isEqualTo("config.yaml");
        assertThat(m.labels().size()).isEqualTo(6);
        assertThat(m.versions().keySet()).containsExactly(1L, 2L);
        assertThat(m.versions().get(2L).files()).extracting(RepositoryFile::path, RepositoryFile::size)
            .containsExactly(tuple("model.onnx", (long) V2.length), tuple("weights/extra.bin", 1L));
        assertThat(repository.list("absent")).isEmpty();
        assertThat(repository.location()).isEqualTo("s3://" + bucket + "/repo");
    }

    @Test
    void managerLoadsFromS3ThroughTheCacheAndHotSwapsVersions() throws IOException {
        put("repo/m/1/model.onnx", V1);
        put("repo/m/labels.txt", "a\nb\nc\n".getBytes(StandardCharsets.UTF_8));
        startManager();
        LoadedModel v1 = manager.ready("m").orElseThrow();
        assertThat(v1.sha256()).isEqualTo(Digests.sha256(V1));
        assertThat(v1.labels()).containsExactly("a", "b", "c");

        put("repo/m/2/model.onnx", V2);
        manager.rescan();
        assertThat(manager.ready("m").orElseThrow().version()).isEqualTo(2);
        assertThat(manager.model("m").orElseThrow().versions()).extracting(VersionStatus::version, VersionStatus::state)
            .containsExactly(tuple(1L, VersionState.UNLOADED), tuple(2L, VersionState.READY));
        try (var files = Files.walk(cache)) {
            assertThat(files.filter(p -> p.endsWith("2/model.onnx")).toList()).singleElement()
                .satisfies(p -> assertThat(Digests.sha256(p)).isEqualTo(Digests.sha256(V2)));
        }
    }

    @Test
    void digestMismatchOnS3FailsWithExpectedAndActual() {
        String wrong = "f".repeat(64);
        put("repo/m/1/model.onnx", V1);
        put("repo/m/config.yaml", ("expectedSha256: {1: \"" + wrong + "\"}").getBytes(StandardCharsets.UTF_8));
        startManager();
        VersionStatus v1 = manager.model("m").orElseThrow().version(1).orElseThrow();
        assertThat(v1.state()).isEqualTo(VersionState.FAILED);
        assertThat(v1.error()).contains("expected " + wrong).contains("actual " + Digests.sha256(V1));
    }

    @Test
    void badConfigOnS3NamesTheObjectAndKey() {
        put("repo/m/1/model.onnx", V1);
        put("repo/m/config.yaml", "output: {kind: scores}".getBytes(StandardCharsets.UTF_8));
        startManager();
        assertThat(manager.ready("m")).isEmpty();
        assertThat(manager.model("m").orElseThrow().configError()).contains("s3://" + bucket + "/repo/m/config.yaml")
            .contains("'output.kind'").contains("allowed values: LOGITS, PROBABILITIES");
    }

    @Test
    void fetchDownloadsOnceAndReusesTheVerifiedCache() throws IOException {
        put("repo/m/1/model.onnx", V1);
        VersionListing v1 = repository.list("m").orElseThrow().versions().get(1L);
        FetchedVersion first = repository.fetch("m", v1, cache);
        assertThat(first.sha256()).containsEntry("model.onnx", Digests.sha256(V1));
        assertThat(Files.readAllBytes(first.modelFile())).isEqualTo(V1);

        admin.deleteObject(b -> b.bucket(bucket).key("repo/m/1/model.onnx"));
        FetchedVersion again = repository.fetch("m", v1, cache);
        assertThat(again.directory()).isEqualTo(first.directory());
        assertThat(again.sha256()).isEqualTo(first.sha256());
    }

    @Test
    void tamperedCacheIsDetectedAndDownloadedAgain() throws IOException {
        put("repo/m/1/model.onnx", V1);
        VersionListing v1 = repository.list("m").orElseThrow().versions().get(1L);
        FetchedVersion first = repository.fetch("m", v1, cache);
        byte[] tampered = V1.clone();
        tampered[tampered.length - 1] ^= 1;
        Files.write(first.modelFile(), tampered);

        FetchedVersion again = repository.fetch("m", v1, cache);
        assertThat(Files.readAllBytes(again.modelFile())).isEqualTo(V1);
        assertThat(again.sha256()).containsEntry("model.onnx", Digests.sha256(V1));
    }

    @Test
    void objectReplacedAfterListingIsNotLoadedAsListed() throws IOException {
        put("repo/m/1/model.onnx", V1);
        VersionListing listed = repository.list("m").orElseThrow().versions().get(1L);
        put("repo/m/1/model.onnx", V2);
        assertThatThrownBy(() -> repository.fetch("m", listed, cache)).isInstanceOf(IOException.class)
            .hasMessageContaining("repo/m/1/model.onnx");
        try (var files = Files.walk(cache)) {
            assertThat(files.filter(p -> p.getFileName().toString().equals("model.onnx")).toList()).isEmpty();
        }
    }

    @Test
    void repositoryOpensFromAnS3Location() {
        try (ModelRepository opened = ModelRepositories.open("s3://" + bucket + "/repo/", options())) {
            assertThat(opened).isInstanceOf(S3ModelRepository.class);
            assertThat(opened.location()).isEqualTo("s3://" + bucket + "/repo");
        }
    }
}
