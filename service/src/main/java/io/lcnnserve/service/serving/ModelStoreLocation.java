package io.lcnnserve.service.serving;

import io.lcnnserve.store.repository.ModelRepositories;
import java.nio.file.Path;

/**
 * Where the model repository is: the configured location, or the bundled {@code models/}
 * directory found from the working directory or a directory above it (the repository root when
 * started with {@code java -jar service/target/lcnn-serve.jar}, the {@code service/} module under
 * {@code spring-boot:run}).
 */
public final class ModelStoreLocation {
    private ModelStoreLocation() {
    }

    /**
     * @param configured {@code lcnn.model-store} (directory, {@code file:} URL or {@code s3://...}), or null
     * @param workingDir the directory relative paths are resolved against
     * @throws IllegalStateException if nothing is configured and no bundled store is found
     */
    public static String resolve(String configured, Path workingDir) {
        if (configured != null && !configured.isBlank()) {
            String location = configured.trim();
            if (location.contains("://") || location.startsWith("file:")) {
                return location;
            }
            return workingDir.resolve(location).toAbsolutePath().normalize().toString();
        }
        return ModelRepositories.findBundled(workingDir).map(Path::toString).orElseThrow(() -> new IllegalStateException(
            "no model store configured and no bundled 'models' directory in " + workingDir.toAbsolutePath().normalize()
                + " or the directories above it; set lcnn.model-store (or the LCNN_MODEL_STORE environment variable) "
                + "to a directory or an s3://bucket/prefix URL"));
    }
}
