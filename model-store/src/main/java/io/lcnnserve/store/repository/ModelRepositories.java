package io.lcnnserve.store.repository;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/** Opens a repository from a location string. */
public final class ModelRepositories {
    /** The name of the bundled repository's directory at the root of the project. */
    public static final String BUNDLED_DIRECTORY = "models";

    private ModelRepositories() {
    }

    /**
     * The bundled repository ({@code models/} at the project root, holding model directories with a
     * config file): looked for in {@code start} and up to three directories above it, so that it is
     * found from the project root and from a module directory alike.
     */
    public static Optional<Path> findBundled(Path start) {
        Path dir = start.toAbsolutePath().normalize();
        for (int up = 0; up <= 3 && dir != null; up++, dir = dir.getParent()) {
            Path candidate = dir.resolve(BUNDLED_DIRECTORY);
            if (Files.isDirectory(candidate) && hasModel(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static boolean hasModel(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.anyMatch(m -> RepositoryLayout.CONFIG_FILES.stream().anyMatch(c -> Files.isRegularFile(m.resolve(c))));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * {@code s3://bucket/prefix} opens an S3 repository, configured from the environment
     * ({@value S3RepositoryOptions#ENDPOINT_ENV}, {@value S3RepositoryOptions#PATH_STYLE_ENV}, and the
     * SDK's region and credential chains); {@code file:/dir} or a plain path opens a local one.
     */
    public static ModelRepository open(String location) {
        return open(location, null);
    }

    /**
     * As {@link #open(String)}, with the S3 connection settings (endpoint, region, path style,
     * credentials) taken from {@code s3Defaults} where given; bucket and prefix always come from the
     * location.
     */
    public static ModelRepository open(String location, S3RepositoryOptions s3Defaults) {
        if (location == null || location.isBlank()) {
            throw new IllegalArgumentException("no model repository location given");
        }
        String trimmed = location.trim();
        String lower = trimmed.toLowerCase(Locale.ROOT);
        if (lower.startsWith("s3://")) {
            S3RepositoryOptions parsed = S3RepositoryOptions.fromUri(trimmed);
            S3RepositoryOptions options = s3Defaults == null ? parsed.withEnvironment(System.getenv())
                : new S3RepositoryOptions(parsed.bucket(), parsed.prefix(), s3Defaults.endpoint(), s3Defaults.region(),
                    s3Defaults.pathStyle(), s3Defaults.credentials());
            return new S3ModelRepository(options);
        }
        if (lower.startsWith("file:")) {
            return new LocalModelRepository(Path.of(java.net.URI.create(trimmed)));
        }
        if (lower.matches("^[a-z][a-z0-9+.-]*://.*")) {
            throw new IllegalArgumentException("unsupported model repository location '" + location
                + "': use a directory, file:/dir or s3://bucket/prefix");
        }
        return new LocalModelRepository(Path.of(trimmed));
    }
}
