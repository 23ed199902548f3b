package io.lcnnserve.store.lifecycle;

/**
 * Told about every version state change, on the thread that made it (the scanning thread, or the
 * thread that closed a draining version's last lease). Must return quickly and must not call
 * {@code rescan}, {@code load} or {@code unload}; reading status is fine. Exceptions are logged and
 * otherwise ignored.
 */
@FunctionalInterface
public interface ModelEventListener {
    void onEvent(ModelEvent event);
}
