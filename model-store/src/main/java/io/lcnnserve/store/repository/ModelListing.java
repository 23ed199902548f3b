package io.lcnnserve.store.repository;

import java.util.Collections;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * What a repository holds for one model.
 *
 * @param config   the config file, or null when there is none (defaults apply)
 * @param labels   {@code labels.txt}, or null
 * @param versions the version directories by number
 * @param problem  why the model as a whole cannot load (e.g. its directory links outside the
 *                 repository, or it has two config files), or null
 */
public record ModelListing(String name, RepositoryFile config, RepositoryFile labels,
                           NavigableMap<Long, VersionListing> versions, String problem) {

    public ModelListing {
        versions = Collections.unmodifiableNavigableMap(new TreeMap<>(versions));
    }

    public static ModelListing invalid(String name, String problem) {
        return new ModelListing(name, null, null, new TreeMap<>(), problem);
    }

    /** Changes whenever the config file or the labels change. */
    public String modelFilesFingerprint() {
        return (config == null ? "no-config" : config.fingerprint()) + "#"
            + (labels == null ? "no-labels" : labels.fingerprint());
    }
}
