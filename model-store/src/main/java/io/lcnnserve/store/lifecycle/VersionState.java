package io.lcnnserve.store.lifecycle;

/**
 * The life of one model version: {@code UNLOADED -> LOADING -> READY | FAILED}, {@code READY ->
 * UNLOADING -> UNLOADED} (draining in-flight requests in between), and {@code FAILED -> LOADING}
 * again when the version's files or the model's config change.
 */
public enum VersionState {
    /** Being fetched, digested, loaded and warmed up; not serving yet. */
    LOADING,
    /** Serving. */
    READY,
    /** Could not be loaded; the status carries the reason. Retried when its files change. */
    FAILED,
    /** No longer given to new requests; waiting for in-flight requests before its memory is released. */
    UNLOADING,
    /** In the repository but not loaded (not chosen by the version policy, or unloaded). */
    UNLOADED
}
