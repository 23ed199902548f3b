package io.lcnnserve.store.lifecycle;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Marks one in-flight use of a {@link LoadedModel}: a version being unloaded is released only after
 * all its leases are closed. Close it when the request is done (try-with-resources); closing twice
 * is harmless.
 */
public final class Lease implements AutoCloseable {
    private final LoadedModel model;
    private final AtomicBoolean closed = new AtomicBoolean();

    Lease(LoadedModel model) {
        this.model = model;
    }

    public LoadedModel model() {
        return model;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            model.leaseClosed();
        }
    }
}
