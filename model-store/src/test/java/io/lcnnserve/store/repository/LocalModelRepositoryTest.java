package io.lcnnserve.store.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lcnnserve.store.testing.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalModelRepositoryTest {
    @TempDir
    Path tmp;
    Path root;
    LocalModelRepository repository;

    @BeforeEach
    void createRoot() throws IOException {
        root = Files.createDirectories(tmp.resolve("repo"));
        repository = new LocalModelRepository(root);
    }

    @Test
    void listsConfigLabelsAndIntegerVersionsOnly() throws IOException {
        TestModels.writeConfig(root, "m", "instances: 2");
        TestModels.writeLabels(root, "m", List.of("a", "b"));
        TestModels.writeVersion(root, "m", 1, new byte[] {1});
        TestModels.writeVersion(root, "m", 12, new byte[] {1, 2});
        Files.createDirectories(root.resolve("m/latest"));
        Files.createDirectories(root.resolve("m/007"));
        Files.writeString(root.resolve("m/MODEL.md"), "notes");

        ModelListing listing = repository.list("m").orElseThrow();
        assertThat(listing.problem()).isNull();
        assertThat(listing.config().path()).isEqualTo("config.yaml");
        assertThat(listing.labels().path()).isEqualTo("labels.txt");
        assertThat(listing.versions().keySet()).containsExactly(1L, 12L);
        assertThat(listing.versions().get(12L).files()).extracting(RepositoryFile::path, RepositoryFile::size)
            .containsExactly(org.assertj.core.groups.Tuple.tuple("model.onnx", 2L));
    }

    @Test
    void modelNamesSkipFilesAndInvalidNames() throws IOException {
        Files.createDirectories(root.resolve("good"));
        Files.createDirectories(root.resolve(".hidden"));
        Files.createDirectories(root.resolve("bad name"));
        Files.writeString(root.resolve("README.md"), "x");
        assertThat(repository.modelNames()).containsExactly("good");
    }

    @Test
    void missingModelIsEmpty() throws IOException {
        assertThat(repository.list("absent")).isEmpty();
    }

    @Test
    void traversingModelNamesAreRejected() {
        assertThatThrownBy(() -> repository.list("../repo")).isInstanceOf(UnsafePathException.class);
        assertThatThrownBy(() -> repository.list("/etc")).isInstanceOf(UnsafePathException.class);
    }

    @Test
    void hiddenFilesAreNotPartOfAVersion() throws IOException {
        Path v = TestModels.writeVersion(root, "m", 1, new byte[] {1});
        Files.writeString(v.resolve(".model.onnx.x1Yz"), "rsync temp");
        Files.createDirectories(v.resolve(".git")).resolve("HEAD").toFile().createNewFile();
        assertThat(repository.list("m").orElseThrow().versions().get(1L).files()).extracting(RepositoryFile::path)
            .containsExactly("model.onnx");
    }

    @Test
    void modelDirectoryLinkedOutsideTheRootIsInvalid() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("elsewhere/m"));
        TestModels.writeVersion(outside.getParent(), "m", 1, new byte[] {1});
        Files.createSymbolicLink(root.resolve("escape"), outside);
        ModelListing listing = repository.list("escape").orElseThrow();
        assertThat(listing.problem()).contains("is a link to").contains("outside the repository root");
        assertThat(listing.versions()).isEmpty();
    }

    @Test
    void versionDirectoryLinkedOutsideTheRootIsInvalid() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("elsewhere/2"));
        Files.write(outside.resolve("model.onnx"), new byte[] {1});
        TestModels.writeVersion(root, "m", 1, new byte[] {1});
        Files.createSymbolicLink(root.resolve("m/2"), outside);
        VersionListing v2 = repository.list("m").orElseThrow().versions().get(2L);
        assertThat(v2.problem()).contains("version directory").contains("outside the repository root");
        assertThat(v2.files()).isEmpty();
    }

    @Test
    void fileLinkedOutsideItsVersionDirectoryIsInvalid() throws IOException {
        Path secret = Files.writeString(tmp.resolve("secret.onnx"), "not yours");
        Path v = Files.createDirectories(root.resolve("m/1"));
        Files.createSymbolicLink(v.resolve("model.onnx"), secret);
        VersionListing v1 = repository.list("m").orElseThrow().versions().get(1L);
        assertThat(v1.problem()).contains("file 'model.onnx' is a link to").contains("not a file inside the version directory");
    }

    @Test
    void fileLinkedToASiblingVersionIsInvalid() throws IOException {
        TestModels.writeVersion(root, "m", 1, new byte[] {1});
        Path v2 = Files.createDirectories(root.resolve("m/2"));
        Files.createSymbolicLink(v2.resolve("model.onnx"), root.resolve("m/1/model.onnx"));
        assertThat(repository.list("m").orElseThrow().versions().get(2L).problem())
            .contains("not a file inside the version directory");
    }

    @Test
    void linksInsideTheVersionDirectoryAreAllowed() throws IOException {
        Path v = TestModels.writeVersion(root, "m", 1, new byte[] {1, 2, 3});
        Files.createSymbolicLink(v.resolve("alias.onnx"), v.resolve("model.onnx"));
        VersionListing v1 = repository.list("m").orElseThrow().versions().get(1L);
        assertThat(v1.problem()).isNull();
        assertThat(v1.files()).extracting(RepositoryFile::path).containsExactly("alias.onnx", "model.onnx");
    }

    @Test
    void configLinkedOutsideTheModelIsInvalid() throws IOException {
        Path secret = Files.writeString(tmp.resolve("secret.yaml"), "instances: 1");
        Files.createDirectories(root.resolve("m"));
        Files.createSymbolicLink(root.resolve("m/config.yaml"), secret);
        assertThat(repository.list("m").orElseThrow().problem()).contains("not a regular file inside the model directory");
    }

    @Test
    void twoConfigFilesAreAmbiguous() throws IOException {
        TestModels.writeConfig(root, "m", "instances: 1");
        Files.writeString(root.resolve("m/config.json"), "{}");
        assertThat(repository.list("m").orElseThrow().problem()).contains("more than one config file")
            .contains("config.json").contains("config.yaml");
    }

    @Test
    void fetchReturnsTheVersionDirectoryWithTheDigestOfEveryFile() throws IOException {
        Path v = TestModels.writeVersion(root, "m", 3, "abc".getBytes());
        Files.createDirectories(v.resolve("weights"));
        Files.writeString(v.resolve("weights/w.bin"), "");
        VersionListing listing = repository.list("m").orElseThrow().versions().get(3L);
        FetchedVersion fetched = repository.fetch("m", listing, tmp.resolve("cache"));
        assertThat(fetched.directory()).isEqualTo(v.toRealPath());
        assertThat(fetched.sha256()).containsEntry("model.onnx",
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(fetched.sha256()).containsEntry("weights/w.bin",
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void rewrittenVersionIsReportedAsChanged() throws IOException {
        Path v = TestModels.writeVersion(root, "m", 1, new byte[] {1});
        VersionListing before = repository.list("m").orElseThrow().versions().get(1L);
        assertThat(repository.isUnchanged("m", before)).isTrue();
        Files.write(v.resolve("model.onnx"), new byte[] {1, 2});
        assertThat(repository.isUnchanged("m", before)).isFalse();
    }

    @Test
    void readRefusesFilesAboveTheLimitAndOtherNames() throws IOException {
        TestModels.writeConfig(root, "m", "instances: 1\n");
        RepositoryFile config = repository.list("m").orElseThrow().config();
        assertThat(new String(repository.read("m", config, 100))).isEqualTo("instances: 1\n");
        assertThatThrownBy(() -> repository.read("m", config, 4)).hasMessageContaining("above the limit of 4");
        RepositoryFile sneaky = new RepositoryFile("../../etc/passwd", 1, config.lastModified(), null);
        assertThatThrownBy(() -> repository.read("m", sneaky, 100)).isInstanceOf(UnsafePathException.class);
    }
}
