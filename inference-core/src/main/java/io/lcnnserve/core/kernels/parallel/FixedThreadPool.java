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
 */
final class FixedThreadPool implements Parallel {

    private static final long SPIN_NANOS = 50_000;

    /** One parallel loop: immutable parameters plus its completion counter. */
    private record Job(long generation, int n, int grain, int parts, RangeBody body, Thread caller,
                       AtomicInteger remaining, AtomicReference<Throwable> failure) {

        void runPart(int part) {
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
    }

    private final int threads;
    private final Thread[] workers;
    private final ReentrantLock dispatch = new ReentrantLock();
    private volatile Job job;
    private volatile boolean closed;
    private long generation;

    FixedThreadPool(int threads) {
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
            Job current = new Job(++generation, n, grain, parts, body, Thread.currentThread(),
                new AtomicInteger(parts - 1), new AtomicReference<>());
            job = current;
            for (int i = 0; i < parts - 1; i++) {
                LockSupport.unpark(workers[i]);
            }
            current.runPart(0);
            awaitWorkers(current);
            job = null;
            Throwable failure = current.failure().get();
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            if (failure != null) {
                throw new IllegalStateException("parallel part failed", failure);
            }
        } finally {
            dispatch.unlock();
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

    private static void awaitWorkers(Job current) {
        long spinStart = System.nanoTime();
        int polls = 0;
        while (current.remaining().get() != 0) {
            if ((++polls & 63) != 0 || System.nanoTime() - spinStart < SPIN_NANOS) {
                Thread.onSpinWait();
            } else {
                LockSupport.park(current);
            }
        }
    }

    private void workLoop(int part) {
        long seen = 0;
        while (true) {
            Job current = awaitJob(seen);
            if (current == null) {
                return;
            }
            seen = current.generation();
            if (part < current.parts()) {
                current.runPart(part);
                if (current.remaining().decrementAndGet() == 0) {
                    LockSupport.unpark(current.caller());
                }
            }
        }
    }

    /** The next job newer than {@code seen}, or null once the pool is closed. */
    private Job awaitJob(long seen) {
        long spinStart = System.nanoTime();
        int polls = 0;
        while (true) {
            if (closed) {
                return null;
            }
            Job current = job;
            if (current != null && current.generation() != seen) {
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
