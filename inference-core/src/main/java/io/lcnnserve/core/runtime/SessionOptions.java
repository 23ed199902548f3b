package io.lcnnserve.core.runtime;

/**
 * How a session executes a model.
 *
 * @param optimize       whether the graph optimizer's passes run (off = the plain imported graph,
 *                       for checking the optimizer against the reference path)
 * @param profiling      whether the session records per-layer timings ({@link Session#profile()});
 *                       off costs nothing but one branch per layer
 * @param intraOpThreads threads one inference may use (the caller's plus dedicated workers owned
 *                       by the session). Sessions that run at the same time should together use
 *                       no more threads than there are cores.
 */
public record SessionOptions(boolean optimize, boolean profiling, int intraOpThreads) {

    public SessionOptions {
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException("intraOpThreads must be at least 1, got " + intraOpThreads);
        }
    }

    public static SessionOptions defaults() {
        return new SessionOptions(true, false, 1);
    }

    public SessionOptions withOptimize(boolean value) {
        return new SessionOptions(value, profiling, intraOpThreads);
    }

    public SessionOptions withProfiling(boolean value) {
        return new SessionOptions(optimize, value, intraOpThreads);
    }

    public SessionOptions withIntraOpThreads(int threads) {
        return new SessionOptions(optimize, profiling, threads);
    }
}
