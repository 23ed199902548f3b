package io.lcnnserve.store.repository;

import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A version available on the local disk, complete, with the SHA-256 of each of its files.
 *
 * @param directory the directory holding {@code model.onnx} (and any external-data files)
 * @param sha256    relative path -> lower-case hex SHA-256
 */
public record FetchedVersion(Path directory, Map<String, String> sha256) {

    public FetchedVersion {
        sha256 = Collections.unmodifiableMap(new TreeMap<>(sha256));
    }

    public Path modelFile() {
        return directory.resolve(RepositoryLayout.MODEL_FILE);
    }
}
