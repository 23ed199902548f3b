package io.lcnnserve.service.serving;

import io.lcnnserve.core.tensor.Tensor;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One model version's bounded request queue and the workers that drain it in dynamic batches.
 *
 * <p>A request first {@link #reserve() reserves} a queue slot, before its images are decoded, so an
 * overloaded model refuses work (429) before spending CPU on it. Its samples are then queued; one
 * worker at a time collects a batch: the oldest request plus every compatible request that arrives
 * until the batch is full or the oldest has waited {@code maxQueueDelay}. The batch runs on the
 * worker's session while the next idle worker starts collecting. Requests whose deadline passes
 * while queued are answered with {@link DeadlineExceededException} and never run.
 *
 * <p>{@link #close()} stops admission and lets the workers finish everything already queued.
 */
public final class DynamicBatcher implements AutoCloseable {
    private static final double BATCH_TIME_SMOOTHING = 0.2;

    private final String model;
    private final long version;
    private final BatchingPolicy policy;
    private final BatchRunner runner;
    private final BatchObserver observer;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Job> queue = new ArrayDeque<>();
    private final List<Thread> workers = new ArrayList<>();
    /** Reserved plus queued requests; bounded by the queue capacity. */
    private int admitted;
    private boolean accepting = true;
    private boolean collecting;
    private int runningBatches;
    private volatile double meanBatchNanos;

    public DynamicBatcher(String model, long version, BatchingPolicy policy, BatchRunner runner, BatchObserver observer) {
        this.model = model;
        this.version = version;
        this.policy = policy;
        this.runner = runner;
        this.observer = observer;
        for (int i = 0; i < policy.workers(); i++) {
            Thread t = Thread.ofPlatform().name("lcnn-batch-" + model + "-v" + version + "-" + i).daemon(true)
                .unstarted(this::workLoop);
            workers.add(t);
        }
        workers.forEach(Thread::start);
    }

    public String model() {
        return model;
    }

    public long version() {
        return version;
    }

    public BatchingPolicy policy() {
        return policy;
    }

    /** Requests waiting for a batch (not counting reservations still decoding their input). */
    public int queueDepth() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** Batches currently running in the model. */
    public int runningBatches() {
        lock.lock();
        try {
            return runningBatches;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes a queue slot for one request.
     *
     * @throws QueueFullException     if the queue is at capacity
     * @throws ModelNotReadyException if the batcher is shutting down
     */
    public Reservation reserve() {
        lock.lock();
        try {
            if (!accepting) {
                throw new ModelNotReadyException("model '" + model + "' version " + version + " is shutting down");
            }
            if (admitted >= policy.queueCapacity()) {
                throw new QueueFullException(model, version, policy.queueCapacity(), retryAfterSeconds());
            }
            admitted++;
            return new Reservation();
        } finally {
            lock.unlock();
        }
    }

    /** Reserves a slot and runs the inputs: {@link #reserve()} then {@link Reservation#run}. */
    public InferenceResult infer(Map<String, Tensor> inputs, Deadline deadline) throws InterruptedException {
        try (Reservation reservation = reserve()) {
            return reservation.run(inputs, deadline);
        }
    }

    /** A rough time until the queue has room again, from the recent batch times. */
    private long retryAfterSeconds() {
        double batchesAhead = (double) admitted / ((double) policy.maxBatchSize() * policy.workers()) + 1;
        long seconds = (long) Math.ceil(batchesAhead * meanBatchNanos / 1e9);
        return Math.clamp(seconds, 1, 60);
    }

    /** A queue slot held by one request until it is queued, or given back on close. */
    public final class Reservation implements AutoCloseable {
        private boolean used;

        private Reservation() {
        }

        /**
         * Queues the inputs (every input with the same batch size along axis 0) and waits for their
         * outputs until the deadline.
         *
         * @throws DeadlineExceededException if the deadline passes first
         * @throws InvalidRequestException   if the batch is larger than the model's maximum
         */
        public InferenceResult run(Map<String, Tensor> inputs, Deadline deadline) throws InterruptedException {
            if (used) {
                throw new IllegalStateException("a reservation runs one request");
            }
            int samples = batchOf(inputs);
            Job job = new Job(Collections.unmodifiableMap(new LinkedHashMap<>(inputs)), samples, deadline);
            lock.lock();
            try {
                used = true;
                if (!accepting) {
                    admitted--;
                    throw new ModelNotReadyException("model '" + model + "' version " + version + " is shutting down");
                }
                queue.addLast(job);
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            return await(job);
        }

        @Override
        public void close() {
            lock.lock();
            try {
                if (!used) {
                    used = true;
                    admitted--;
                }
            } finally {
                lock.unlock();
            }
        }
    }

    private int batchOf(Map<String, Tensor> inputs) {
        if (inputs.isEmpty()) {
            throw new InvalidRequestException("no inputs given for model '" + model + "'");
        }
        int samples = -1;
        for (Map.Entry<String, Tensor> e : inputs.entrySet()) {
            Tensor t = e.getValue();
            if (t.rank() == 0) {
                throw new InvalidRequestException("input '" + e.getKey() + "' of model '" + model
                    + "' needs a batch dimension, got a scalar");
            }
            if (samples >= 0 && t.dim(0) != samples) {
                throw new InvalidRequestException("all inputs must have the same batch size; input '" + e.getKey()
                    + "' has " + t.dim(0) + ", another has " + samples);
            }
            samples = t.dim(0);
        }
        if (samples < 1 || samples > policy.maxBatchSize()) {
            throw new InvalidRequestException("batch size " + samples + " is outside 1.." + policy.maxBatchSize()
                + " (the max batch size of model '" + model + "' version " + version + ")");
        }
        return samples;
    }

    private InferenceResult await(Job job) throws InterruptedException {
        try {
            return job.result.get(Math.max(0, job.deadline.remainingNanos()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new DeadlineExceededException(model, version, job.deadline.budget(),
                abandon(job) ? "still queued" : "the batch was still running");
        } catch (InterruptedException e) {
            abandon(job);
            throw e;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("inference of model '" + model + "' failed: " + e.getCause(), e.getCause());
        }
    }

    /** Drops a job that is still queued; false if a worker already took it. */
    private boolean abandon(Job job) {
        lock.lock();
        try {
            if (queue.remove(job)) {
                admitted--;
                return true;
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    private void workLoop() {
        while (true) {
            List<Job> batch;
            try {
                batch = collectBatch();
            } catch (InterruptedException e) {
                return;
            }
            if (batch == null) {
                return;
            }
            try {
                execute(batch);
            } finally {
                lock.lock();
                try {
                    runningBatches--;
                    changed.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    /** The next batch to run, or null once the batcher is closed and its queue drained. */
    private List<Job> collectBatch() throws InterruptedException {
        lock.lock();
        try {
            Job first;
            while (true) {
                first = collecting ? null : takeLive();
                if (first != null) {
                    break;
                }
                if (!accepting && queue.isEmpty() && !collecting) {
                    return null;
                }
                changed.await();
            }
            collecting = true;
            try {
                List<Job> batch = new ArrayList<>();
                batch.add(first);
                int samples = first.samples;
                long flushAt = first.enqueuedNanos + policy.maxQueueDelay().toNanos();
                while (samples < policy.maxBatchSize()) {
                    samples += takeCompatible(first, batch, policy.maxBatchSize() - samples);
                    long wait = flushAt - System.nanoTime();
                    if (samples >= policy.maxBatchSize() || wait <= 0 || !accepting) {
                        break;
                    }
                    changed.awaitNanos(wait);
                }
                runningBatches++;
                return batch;
            } finally {
                collecting = false;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Removes and returns the oldest queued job whose deadline has not passed (caller holds the lock). */
    private Job takeLive() {
        Job job;
        while ((job = queue.pollFirst()) != null) {
            admitted--;
            if (!job.deadline.expired()) {
                return job;
            }
            expire(job);
        }
        return null;
    }

    /** Moves queued jobs that fit beside {@code first} into the batch, oldest first; returns samples taken. */
    private int takeCompatible(Job first, List<Job> batch, int room) {
        int taken = 0;
        Iterator<Job> it = queue.iterator();
        while (it.hasNext() && taken < room) {
            Job job = it.next();
            if (job.deadline.expired()) {
                it.remove();
                admitted--;
                expire(job);
                continue;
            }
            if (!job.fitsWith(first)) {
                continue;
            }
            if (job.samples > room - taken) {
                break;
            }
            it.remove();
            admitted--;
            batch.add(job);
            taken += job.samples;
        }
        return taken;
    }

    private void expire(Job job) {
        job.result.completeExceptionally(
            new DeadlineExceededException(model, version, job.deadline.budget(), "expired while queued"));
    }

    private void execute(List<Job> batch) {
        int samples = batch.stream().mapToInt(j -> j.samples).sum();
        long start = System.nanoTime();
        Map<String, Tensor> outputs;
        try {
            outputs = runner.run(batch.size() == 1 ? batch.getFirst().inputs : concatenate(batch, samples));
        } catch (Throwable e) {
            long elapsed = System.nanoTime() - start;
            observer.onBatch(samples, batch.size(), elapsed, true);
            RuntimeException failure = e instanceof RuntimeException re ? re
                : new IllegalStateException("inference of model '" + model + "' failed: " + e, e);
            batch.forEach(job -> job.result.completeExceptionally(failure));
            if (e instanceof Error error) {
                throw error;
            }
            return;
        }
        long elapsed = System.nanoTime() - start;
        meanBatchNanos = meanBatchNanos == 0 ? elapsed
            : meanBatchNanos + BATCH_TIME_SMOOTHING * (elapsed - meanBatchNanos);
        observer.onBatch(samples, batch.size(), elapsed, false);
        int row = 0;
        for (Job job : batch) {
            Map<String, Tensor> own = batch.size() == 1 ? outputs : slice(outputs, samples, row, job.samples);
            job.result.complete(new InferenceResult(own, start - job.enqueuedNanos, elapsed, samples));
            row += job.samples;
        }
    }

    private static Map<String, Tensor> concatenate(List<Job> batch, int samples) {
        Map<String, Tensor> merged = new LinkedHashMap<>();
        for (String name : batch.getFirst().inputs.keySet()) {
            Tensor head = batch.getFirst().inputs.get(name);
            int[] shape = head.shape();
            shape[0] = samples;
            int total = head.size() / head.dim(0) * samples;
            Object data = Tensor.newArray(head.type(), total);
            int at = 0;
            for (Job job : batch) {
                Tensor part = job.inputs.get(name);
                System.arraycopy(part.data(), part.offset(), data, at, part.size());
                at += part.size();
            }
            merged.put(name, Tensor.wrap(head.type(), shape, data, 0));
        }
        return merged;
    }

    /** Rows {@code [row, row + count)} of every output whose leading dimension is the batch. */
    private static Map<String, Tensor> slice(Map<String, Tensor> outputs, int samples, int row, int count) {
        Map<String, Tensor> own = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : outputs.entrySet()) {
            Tensor t = e.getValue();
            if (t.rank() == 0 || t.dim(0) != samples) {
                own.put(e.getKey(), t.copy());
                continue;
            }
            int rowSize = t.size() / samples;
            int[] shape = t.shape();
            shape[0] = count;
            Object data = Tensor.newArray(t.type(), rowSize * count);
            System.arraycopy(t.data(), t.offset() + row * rowSize, data, 0, rowSize * count);
            own.put(e.getKey(), Tensor.wrap(t.type(), shape, data, 0));
        }
        return own;
    }

    /** Stops admission, finishes every queued request, and waits up to {@code drainTimeout} for the workers. */
    public void close(Duration drainTimeout) {
        lock.lock();
        try {
            accepting = false;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        long until = System.nanoTime() + drainTimeout.toNanos();
        for (Thread t : workers) {
            try {
                t.join(Duration.ofNanos(Math.max(1, until - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        workers.stream().filter(Thread::isAlive).forEach(Thread::interrupt);
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    private static final class Job {
        final Map<String, Tensor> inputs;
        final int samples;
        final Deadline deadline;
        final long enqueuedNanos = System.nanoTime();
        final CompletableFuture<InferenceResult> result = new CompletableFuture<>();

        Job(Map<String, Tensor> inputs, int samples, Deadline deadline) {
            this.inputs = inputs;
            this.samples = samples;
            this.deadline = deadline;
        }

        /** Same input names, element types and per-sample shapes, so the two can share a batch. */
        boolean fitsWith(Job other) {
            if (!inputs.keySet().equals(other.inputs.keySet())) {
                return false;
            }
            for (Map.Entry<String, Tensor> e : inputs.entrySet()) {
                Tensor a = e.getValue();
                Tensor b = other.inputs.get(e.getKey());
                if (a.type() != b.type()) {
                    return false;
                }
                int[] sa = a.shape();
                int[] sb = b.shape();
                if (sa.length != sb.length || !Arrays.equals(sa, 1, sa.length, sb, 1, sb.length)) {
                    return false;
                }
            }
            return true;
        }
    }
}
