package io.lcnnserve.store.lifecycle;

import io.lcnnserve.core.runtime.Model;
import io.lcnnserve.core.runtime.SessionPool;
import io.lcnnserve.store.config.ModelConfig;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One loaded, warmed-up version. Its {@link #config()} is the effective configuration: input and
 * output names and the input size are filled in from the model where the config file left them
 * open. Take a {@link Lease} for every request ({@link #acquire()} or
 * {@link ModelManager#acquire(String)}); once the version is retired no new leases are given and
 * its sessions are closed when the last lease closes.
 */
public final class LoadedModel {
    private final String name;
    private final long version;
    private final ModelConfig config;
    private final List<String> labels;
    private final Map<String, String> fileDigests;
    private final Model model;
    private final SessionPool pool;
    private final Instant loadedAt;

    private int inFlight;
    private boolean retired;
    private boolean released;
    private Runnable onReleased;

    LoadedModel(String name, long version, ModelConfig config, List<String> labels, Map<String, String> fileDigests,
                Model model, SessionPool pool, Instant loadedAt) {
        this.name = name;
        this.version = version;
        this.config = config;
        this.labels = List.copyOf(labels);
        this.fileDigests = Map.copyOf(fileDigests);
        this.model = model;
        this.pool = pool;
        this.loadedAt = loadedAt;
    }

    public String name() {
        return name;
    }

    public long version() {
        return version;
    }

    public ModelConfig config() {
        return config;
    }

    /** The lines of {@code labels.txt}; empty when the model has none. */
    public List<String> labels() {
        return labels;
    }

    /** The label of an output index ({@code labels[index - labelOffset]}), or null when it has none. */
    public String label(int outputIndex) {
        int line = outputIndex - config.output().labelOffset();
        return line >= 0 && line < labels.size() ? labels.get(line) : null;
    }

    /** SHA-256 of {@code model.onnx}, lower-case hex. */
    public String sha256() {
        return fileDigests.get(io.lcnnserve.store.repository.RepositoryLayout.MODEL_FILE);
    }

    /** SHA-256 of every file of the version, by path relative to the version directory. */
    public Map<String, String> fileDigests() {
        return fileDigests;
    }

    public Model model() {
        return model;
    }

    public SessionPool pool() {
        return pool;
    }

    public Instant loadedAt() {
        return loadedAt;
    }

    /**
     * Starts one in-flight use of this version.
     *
     * @throws IllegalStateException if the version has been retired (get the current one from the manager)
     */
    public Lease acquire() {
        return tryAcquire().orElseThrow(() -> new IllegalStateException("version " + version + " of model '" + name
            + "' is being unloaded; ask the ModelManager for the current version"));
    }

    /** A lease, or empty when the version has been retired. */
    public synchronized Optional<Lease> tryAcquire() {
        if (retired) {
            return Optional.empty();
        }
        inFlight++;
        return Optional.of(new Lease(this));
    }

    /** Leases currently open. */
    public synchronized int inFlight() {
        return inFlight;
    }

    /** Whether the version still takes new leases. */
    public synchronized boolean isServing() {
        return !retired;
    }

    void leaseClosed() {
        Runnable release;
        synchronized (this) {
            inFlight--;
            release = releaseIfDrained();
        }
        if (release != null) {
            release.run();
        }
    }

    /** Stops new leases; {@code onReleased} runs (on this or the last lease's thread) once none are open. */
    void retire(Runnable whenReleased) {
        Runnable release;
        synchronized (this) {
            retired = true;
            onReleased = whenReleased;
            release = releaseIfDrained();
        }
        if (release != null) {
            release.run();
        }
    }

    /** Releases now, whatever is still in flight (used when closing the manager after the drain timeout). */
    void forceRelease() {
        Runnable release;
        synchronized (this) {
            retired = true;
            release = released ? null : onReleased;
            released = true;
        }
        pool.close();
        if (release != null) {
            release.run();
        }
    }

    private Runnable releaseIfDrained() {
        if (retired && inFlight == 0 && !released) {
            released = true;
            pool.close();
            return onReleased;
        }
        return null;
    }

    @Override
    public String toString() {
        return "LoadedModel(" + name + " v" + version + ", sha256 " + sha256() + ")";
    }
}
