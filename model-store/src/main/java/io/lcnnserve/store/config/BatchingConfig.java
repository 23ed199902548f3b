package io.lcnnserve.store.config;

import java.time.Duration;

/**
 * Dynamic batching of requests to one model version.
 *
 * @param maxBatchSize  most images run as one batch (1 = no batching)
 * @param maxQueueDelay longest a request waits for others to join its batch
 * @param queueCapacity most requests waiting; more are rejected
 */
public record BatchingConfig(int maxBatchSize, Duration maxQueueDelay, int queueCapacity) {

    public static BatchingConfig defaults() {
        return new BatchingConfig(8, Duration.ofMillis(2), 64);
    }
}
