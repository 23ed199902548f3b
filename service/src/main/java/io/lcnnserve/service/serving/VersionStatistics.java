package io.lcnnserve.service.serving;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Cumulative statistics of one model version, in the shape of the KServe V2 / Triton statistics
 * extension: request outcomes, time spent queued / preparing inputs / inferring / preparing
 * outputs, and per-batch-size execution counts. Thread-safe.
 */
public final class VersionStatistics {
    /** A count and the total nanoseconds of the events counted. */
    public static final class Duration {
        private final AtomicLong count = new AtomicLong();
        private final AtomicLong nanos = new AtomicLong();

        void add(long durationNanos) {
            count.incrementAndGet();
            nanos.addAndGet(durationNanos);
        }

        public long count() {
            return count.get();
        }

        public long nanos() {
            return nanos.get();
        }
    }

    private final Duration success = new Duration();
    private final Duration fail = new Duration();
    private final Duration queue = new Duration();
    private final Duration computeInput = new Duration();
    private final Duration computeInfer = new Duration();
    private final Duration computeOutput = new Duration();
    private final AtomicLong inferenceCount = new AtomicLong();
    private final AtomicLong executionCount = new AtomicLong();
    private final AtomicLong lastInferenceMillis = new AtomicLong();
    private final Map<Integer, Duration> batchInfer = new TreeMap<>();

    /** A request finished: success or failure, end to end. */
    public void request(boolean succeeded, long nanos) {
        (succeeded ? success : fail).add(nanos);
        lastInferenceMillis.set(System.currentTimeMillis());
    }

    /** The phases of a successful request: queue wait, input preparation, output preparation. */
    public void phases(int samples, long queueNanos, long inputNanos, long outputNanos) {
        inferenceCount.addAndGet(samples);
        queue.add(queueNanos);
        computeInput.add(inputNanos);
        computeOutput.add(outputNanos);
    }

    /** A batch ran in the model. */
    public void batch(int samples, long nanos) {
        executionCount.incrementAndGet();
        computeInfer.add(nanos);
        synchronized (batchInfer) {
            batchInfer.computeIfAbsent(samples, k -> new Duration()).add(nanos);
        }
    }

    public Duration success() {
        return success;
    }

    public Duration fail() {
        return fail;
    }

    public Duration queue() {
        return queue;
    }

    public Duration computeInput() {
        return computeInput;
    }

    public Duration computeInfer() {
        return computeInfer;
    }

    public Duration computeOutput() {
        return computeOutput;
    }

    /** Samples inferred (a batch of 4 counts 4). */
    public long inferenceCount() {
        return inferenceCount.get();
    }

    /** Batches executed. */
    public long executionCount() {
        return executionCount.get();
    }

    /** Epoch milliseconds of the last finished request, 0 if none. */
    public long lastInferenceMillis() {
        return lastInferenceMillis.get();
    }

    /** Per batch size: executions and total model time. */
    public Map<Integer, Duration> batchInfer() {
        synchronized (batchInfer) {
            return new TreeMap<>(batchInfer);
        }
    }
}
