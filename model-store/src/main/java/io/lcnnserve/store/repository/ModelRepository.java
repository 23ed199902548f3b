package io.lcnnserve.store.repository;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where models are stored, laid out as {@code <model>/config.(yaml|json)}, {@code <model>/labels.txt}
 * and {@code <model>/<version>/model.onnx} (see {@link RepositoryLayout}). Implementations list
 * what is there and make a version available as a complete local directory; deciding what loads
 * is the {@code ModelManager}'s job.
 */
public interface ModelRepository extends AutoCloseable {

    /** Where the repository is, for messages: a directory, or {@code s3://bucket/prefix}. */
    String location();

    /** The model directories with valid names, sorted. */
    List<String> modelNames() throws IOException;

    /** One model's files, or empty when no such model directory exists. */
    Optional<ModelListing> list(String model) throws IOException;

    /** The content of a model-level file (config or labels) of at most {@code maxBytes}. */
    byte[] read(String model, RepositoryFile file, long maxBytes) throws IOException;

    /**
     * A complete local copy of a version with the digest of every file. Remote backends download
     * into {@code cacheDir} (reusing a verified earlier download); the local backend returns the
     * version directory itself.
     */
    FetchedVersion fetch(String model, VersionListing version, Path cacheDir) throws IOException;

    /** Whether the version's files are still as listed (checked after loading, against concurrent writers). */
    boolean isUnchanged(String model, VersionListing version) throws IOException;

    @Override
    default void close() {
    }
}
