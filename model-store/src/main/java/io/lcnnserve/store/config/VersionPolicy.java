package io.lcnnserve.store.config;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/** Which versions of a model serve. */
public sealed interface VersionPolicy {

    /** The {@code n} newest versions that load; a newest version that fails leaves an older one serving. */
    record Latest(int n) implements VersionPolicy {
        public Latest {
            if (n < 1) {
                throw new IllegalArgumentException("latest version count must be at least 1, got " + n);
            }
        }
    }

    /** Exactly these versions (those of them that exist). */
    record Specific(Set<Long> versions) implements VersionPolicy {
        public Specific {
            if (versions.isEmpty()) {
                throw new IllegalArgumentException("a specific version policy needs at least one version");
            }
            versions = Collections.unmodifiableSet(new TreeSet<>(versions));
        }
    }

    /** Every version in the repository. */
    record All() implements VersionPolicy {
    }

    static VersionPolicy defaults() {
        return new Latest(1);
    }
}
