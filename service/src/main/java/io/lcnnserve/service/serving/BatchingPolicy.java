package io.lcnnserve.service.serving;

import java.time.Duration;

/**
 * How one model version's requests are batched.
 *
 * @param maxBatchSize  most samples run together in one inference
 * @param maxQueueDelay how long the oldest waiting request may be held back to let a batch fill
 * @param queueCapacity most requests waiting at once; more are refused (429)
 * @param workers       batches run concurrently (one per session of the model's pool)
 */
public record BatchingPolicy(int maxBatchSize, Duration maxQueueDelay, int queueCapacity, int workers) {

    public BatchingPolicy {
        if (maxBatchSize < 1 || queueCapacity < 1 || workers < 1) {
            throw new IllegalArgumentException("max batch size, queue capacity and workers must be >= 1, got "
                + maxBatchSize + ", " + queueCapacity + ", " + workers);
        }
        if (maxQueueDelay.isNegative()) {
            throw new IllegalArgumentException("max queue delay must not be negative, got " + maxQueueDelay);
        }
    }
}
