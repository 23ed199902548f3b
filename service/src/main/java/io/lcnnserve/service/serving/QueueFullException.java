package io.lcnnserve.service.serving;

/** A model version's request queue is full: the client should retry after {@link #retryAfterSeconds()}. */
public class QueueFullException extends RuntimeException {
    private final String model;
    private final long version;
    private final long retryAfterSeconds;

    public QueueFullException(String model, long version, int capacity, long retryAfterSeconds) {
        super("the request queue of model '" + model + "' version " + version + " is full (" + capacity
            + " requests waiting); retry after " + retryAfterSeconds + " s");
        this.model = model;
        this.version = version;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public String model() {
        return model;
    }

    public long version() {
        return version;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
