package io.lcnnserve.store.lifecycle;

import io.lcnnserve.store.config.ModelConfig;
import java.util.List;
import java.util.Optional;

/**
 * One model's state.
 *
 * @param config      the configuration in use; null while no valid configuration has been read
 * @param configError why the model's configuration (or its directory) cannot be used, naming the
 *                    file and key; null when fine. Versions already serving keep serving with the
 *                    previous configuration.
 * @param versions    the versions in the repository, oldest first
 */
public record ModelStatus(String name, ModelConfig config, String configError, List<VersionStatus> versions) {

    public ModelStatus {
        versions = List.copyOf(versions);
    }

    public Optional<VersionStatus> version(long version) {
        return versions.stream().filter(v -> v.version() == version).findFirst();
    }

    /** Whether any version is serving. */
    public boolean available() {
        return versions.stream().anyMatch(v -> v.state() == VersionState.READY);
    }
}
