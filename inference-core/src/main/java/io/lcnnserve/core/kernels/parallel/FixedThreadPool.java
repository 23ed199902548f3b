package io.lcnnserve.core.kernels.parallel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@link Parallel} over the calling thread plus {@code threads - 1} dedicated daemon workers. Part 0
 * of every loop runs on the caller, part {@code i} on worker {@code i}; a worker whose index is not
 * needed for a small loop stays idle. Between loops a worker spins for {@value #SPIN_NANOS} ns (a
 * model runs its ops back to back, and a park/unpark round trip costs more than a small kernel) and
 * then parks. One loop runs at a time; a loop started from inside a part runs inline.
 *
 * <p>Dispatching allocates nothing: the loop's parameters live in fields reused from loop to loop.
 * A loop is announced by one volatile word holding its generation and part count, so a worker that
 * is not needed learns so without reading the other fields, which the caller may already be
 * rewriting for the next loop; a needed worker reads them safely, as the caller waits for it.
 */
final class FixedThreadPool implements Parallel {

    private static final long SPIN_NANOS = 50_000;
    /** Low bits of {@link #announcement} holding the part count; the generation is above them. */
    private static final int PART_BITS = 16;
    private static final long PART_MASK = (1L << PART_BITS) - 1;

    private final int threads;
    private final Thread[] workers;
    private final ReentrantLock dispatch = new ReentrantLock();
    private volatile boolean closed;

    /** {@code generation << PART_BITS | parts} of the latest loop; written after the fields below. */
    private volatile long announcement;
    private long generation;
    private int n;
    private int grain;
    private RangeBody body;
    private Thread caller;
    /** Workers of the current loop still running their part. */
    private final AtomicInteger remaining = new AtomicInteger();
    /** The first exception thrown by a part of the current loop. */
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    FixedThreadPool(int threads) {
        if (threads > PART_MASK) {
            throw new IllegalArgumentException("at most " + PART_MASK + " threads, got " + threads);
        }
        this.threads = threads;
        this.workers = new Thread[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            int part = i + 1;
            Thread worker = new Thread(() -> workLoop(part), "lcnn-kernels-" + part + "/" + threads);
            worker.setDaemon(true);
            workers[i] = worker;
        }
        for (Thread worker : workers) {
            worker.start();
        }
    }

    @Override
    public int threads() {
        return threads;
    }

    @Override
    public void forRange(int n, int grain, RangeBody body) {
        if (grain < 1) {
            throw new IllegalArgumentException("grain must be >= 1, got " + grain);
        }
        int parts = Parallel.partCount(n, grain, threads);
        if (parts == 0) {
            return;
        }
        if (parts == 1 || dispatch.isHeldByCurrentThread() || isWorker(Thread.currentThread())) {
            runInline(n, grain, parts, body);
            return;
        }
        if (closed) {
            throw new IllegalStateException("Parallel pool of " + threads + " threads is closed");
        }
        dispatch.lock();
        try {
            this.n = n;
            this.grain = grain;
            this.body = body;
            this.caller = Thread.currentThread();
            remaining.set(parts - 1);
            failure.set(null);
            announcement = ++generation << PART_BITS | parts;
            for (int i = 0; i < parts - 1; i++) {
                LockSupport.unpark(workers[i]);
            }
            runPart(0, parts);
            awaitWorkers();
            this.body = null;
            Throwable failed = failure.getAndSet(null);
            if (failed instanceof RuntimeException e) {
                throw e;
            }
            if (failed instanceof Error e) {
                throw e;
            }
            if (failed != null) {
                throw new IllegalStateException("parallel part failed", failed);
            }
        } finally {
            dispatch.unlock();
        }
    }

    private void runPart(int part, int parts) {
        try {
            int start = Parallel.partStart(part, parts, n, grain);
            int end = Parallel.partStart(part + 1, parts, n, grain);
            if (start < end) {
                body.run(part, start, end);
            }
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
        }
    }

    private static void runInline(int n, int grain, int parts, RangeBody body) {
        for (int part = 0; part < parts; part++) {
            int start = Parallel.partStart(part, parts, n, grain);
            int end = Parallel.partStart(part + 1, parts, n, grain);
            if (start < end) {
                body.run(part, start, end);
            }
        }
    }

    private boolean isWorker(Thread thread) {
        for (Thread worker : workers) {
            if (worker == thread) {
                return true;
            }
        }
        return false;
    }

    private void awaitWorkers() {
        long spinStart = System.nanoTime();
        int polls = 0;
        while (remaining.get() != 0) {
            if ((++polls & 63) != 0 || System.nanoTime() - spinStart < SPIN_NANOS) {
                Thread.onSpinWait();
            } else {
                LockSupport.park(this);
            }
        }
    }

    private void workLoop(int part) {
        long seen = 0;
        while (true) {
            long current = awaitAnnouncement(seen);
            if (current == 0) {
                return;
            }
            seen = current;
            int parts = (int) (current & PART_MASK);
            if (part < parts) {
                runPart(part, parts);
                Thread waiting = caller;
                if (remaining.decrementAndGet() == 0) {
                    LockSupport.unpark(waiting);
                }
            }
        }
    }

    /** The announcement of the next loop after {@code seen}, or 0 once the pool is closed. */
    private long awaitAnnouncement(long seen) {
        long spinStart = System.nanoTime();
        int polls = 0;
        while (true) {
            if (closed) {
                return 0;
            }
            long current = announcement;
            if (current != seen) {
                return current;
            }
            if ((++polls & 63) != 0 || System.nanoTime() - spinStart < SPIN_NANOS) {
                Thread.onSpinWait();
            } else {
                LockSupport.park(this);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Thread worker : workers) {
            LockSupport.unpark(worker);
        }
    }

    @Override
    public String toString() {
        return "Parallel.fixedThreads(" + threads + ")";
    }
}
