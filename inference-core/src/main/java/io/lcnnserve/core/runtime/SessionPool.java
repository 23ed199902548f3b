package io.lcnnserve.core.runtime;

import io.lcnnserve.core.tensor.Tensor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed number of {@link Session}s over one model's shared, immutable weights. Thread-safe:
 * any number of threads may {@link #run} concurrently; at most {@link #size()} run at once and the
 * rest wait, each for at most its own timeout.
 */
public final class SessionPool implements AutoCloseable {
    private final Model model;
    private final List<Session> sessions;
    private final BlockingQueue<Session> idle;
    private final AtomicInteger waiting = new AtomicInteger();

    SessionPool(Model model, int size, SessionOptions options) {
        if (size < 1) {
            throw new IllegalArgumentException("a session pool needs at least one session, got " + size);
        }
        this.model = model;
        this.sessions = new ArrayList<>(size);
        this.idle = new ArrayBlockingQueue<>(size);
        for (int i = 0; i < size; i++) {
            Session s = model.newSession(options);
            sessions.add(s);
            idle.add(s);
        }
    }

    public Model model() {
        return model;
    }

    /**
     * Takes a free session, waiting at most {@code timeout}. Give it back with {@link #release}.
     *
     * @throws PoolTimeoutException if none became free in time
     */
    public Session borrow(Duration timeout) throws InterruptedException {
        waiting.incrementAndGet();
        try {
            Session s = idle.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (s == null) {
                throw new PoolTimeoutException(model.name(), sessions.size(), timeout);
            }
            return s;
        } finally {
            waiting.decrementAndGet();
        }
    }

    public void release(Session session) {
        if (!sessions.contains(session)) {
            throw new IllegalArgumentException("session does not belong to this pool");
        }
        if (!idle.offer(session)) {
            throw new IllegalStateException("session was released twice");
        }
    }

    /** Borrows a session, runs the inputs and gives the session back. */
    public Map<String, Tensor> run(Map<String, Tensor> inputs, Duration timeout) throws InterruptedException {
        Session s = borrow(timeout);
        try {
            return s.run(inputs);
        } finally {
            release(s);
        }
    }

    public int size() {
        return sessions.size();
    }

    /** Sessions currently borrowed. */
    public int inUse() {
        return sessions.size() - idle.size();
    }

    /** Threads currently waiting for a session. */
    public int waiting() {
        return waiting.get();
    }

    @Override
    public void close() {
        sessions.forEach(Session::close);
    }
}
