package io.lcnnserve.core.runtime;

/**
 * How a session executes a model.
 *
 * @param optimize whether the graph optimizer's passes run (off = the plain imported graph, for
 *                 checking the optimizer against the reference path)
 */
public record SessionOptions(boolean optimize) {

    public static SessionOptions defaults() {
        return new SessionOptions(true);
    }

    public SessionOptions withOptimize(boolean value) {
        return new SessionOptions(value);
    }
}
