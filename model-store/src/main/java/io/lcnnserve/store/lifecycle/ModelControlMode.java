package io.lcnnserve.store.lifecycle;

/** Which models the manager loads. */
public enum ModelControlMode {
    /** Every model in the repository, found at start and by every rescan; {@code unload} takes one out until {@code load}. */
    LOAD_ALL,
    /** Only the startup models and those asked for with {@code load}; rescans watch just those. */
    EXPLICIT
}
