package io.lcnnserve.store.repository;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The files of one version directory, sorted by path.
 *
 * @param problem why this version can never load as listed (a link leaving the repository, an
 *                unsafe object key, ...), or null
 */
public record VersionListing(long version, List<RepositoryFile> files, String problem) {

    public VersionListing {
        files = files.stream().sorted(java.util.Comparator.comparing(RepositoryFile::path)).toList();
    }

    public static VersionListing invalid(long version, String problem) {
        return new VersionListing(version, List.of(), problem);
    }

    public Optional<RepositoryFile> file(String path) {
        return files.stream().filter(f -> f.path().equals(path)).findFirst();
    }

    public long totalBytes() {
        return files.stream().mapToLong(RepositoryFile::size).sum();
    }

    /** Changes whenever any file of the version is added, removed or rewritten. */
    public String fingerprint() {
        return problem != null ? "invalid:" + problem
            : files.stream().map(RepositoryFile::fingerprint).collect(Collectors.joining(";"));
    }
}
