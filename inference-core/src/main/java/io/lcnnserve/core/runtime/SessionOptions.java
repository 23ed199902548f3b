package io.lcnnserve.core.runtime;

/**
 * How a session executes a model.
 *
 * @param optimize  whether the graph optimizer's passes run (off = the plain imported graph, for
 *                  checking the optimizer against the reference path)
 * @param profiling whether the session records per-layer timings ({@link Session#profile()});
 *                  off costs nothing but one branch per layer
 */
public record SessionOptions(boolean optimize, boolean profiling) {

    public static SessionOptions defaults() {
        return new SessionOptions(true, false);
    }

    public SessionOptions withOptimize(boolean value) {
        return new SessionOptions(value, profiling);
    }

    public SessionOptions withProfiling(boolean value) {
        return new SessionOptions(optimize, value);
    }
}
