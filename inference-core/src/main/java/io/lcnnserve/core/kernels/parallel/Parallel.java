package io.lcnnserve.core.kernels.parallel;

/**
 * Where a kernel runs its independent parts: inline on the caller ({@link #sequential()}) or on a
 * dedicated fixed set of threads ({@link #fixedThreads(int)}). Work is split statically into at most
 * {@link #threads()} contiguous ranges, one per thread, so a kernel never creates more runnable
 * threads than the pool has (no oversubscription, no work stealing).
 *
 * <p>Kernels take a {@code Parallel} argument instead of owning threads, so a session decides how
 * many cores a model may use.
 */
public interface Parallel extends AutoCloseable {

    /** Body of a parallel loop: handles {@code [start, end)}; {@code part} is its index in the split. */
    @FunctionalInterface
    interface RangeBody {
        void run(int part, int start, int end);
    }

    /** Number of threads work is split across (1 = inline). */
    int threads();

    /**
     * Runs {@code body} over {@code [0, n)} split into {@code parts <= threads()} contiguous ranges
     * and returns when all have finished. Range boundaries are multiples of {@code grain} (except the
     * final end, {@code n}), so kernels can keep register tiles whole. An exception in any part is
     * rethrown to the caller after all parts have finished.
     */
    void forRange(int n, int grain, RangeBody body);

    /** Frees the threads; a closed pool must not be used again. Closing {@link #sequential()} is a no-op. */
    @Override
    void close();

    /** Runs everything on the calling thread. */
    static Parallel sequential() {
        return Sequential.INSTANCE;
    }

    /** {@code threads} threads in total: the caller plus {@code threads - 1} dedicated workers. */
    static Parallel fixedThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        return threads == 1 ? sequential() : new FixedThreadPool(threads);
    }

    /**
     * Number of parts to split {@code n} items into, in units of {@code grain}, for {@code threads}
     * threads: never more parts than grains, never more than threads.
     */
    static int partCount(int n, int grain, int threads) {
        if (n <= 0) {
            return 0;
        }
        int grains = (int) ((n + (long) grain - 1) / grain);
        return Math.min(grains, threads);
    }

    /** Start of range {@code part} of {@code parts} over {@code [0, n)}, aligned to {@code grain}. */
    static int partStart(int part, int parts, int n, int grain) {
        if (part >= parts) {
            return n;
        }
        long grains = ((long) n + grain - 1) / grain;
        long start = grains * part / parts * grain;
        return (int) Math.min(start, n);
    }

    /** Inline execution: one part covering everything. */
    final class Sequential implements Parallel {
        static final Sequential INSTANCE = new Sequential();

        private Sequential() {
        }

        @Override
        public int threads() {
            return 1;
        }

        @Override
        public void forRange(int n, int grain, RangeBody body) {
            if (n > 0) {
                body.run(0, 0, n);
            }
        }

        @Override
        public void close() {
        }

        @Override
        public String toString() {
            return "Parallel.sequential()";
        }
    }
}
