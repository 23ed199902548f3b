package io.lcnnserve.service.serving;

/** Told about every batch a {@link DynamicBatcher} runs (metrics, statistics). */
public interface BatchObserver {
    /**
     * @param samples        samples in the batch (sum over its requests)
     * @param requests       requests in the batch
     * @param inferenceNanos time the model took for the whole batch
     * @param failed         whether the model threw
     */
    void onBatch(int samples, int requests, long inferenceNanos, boolean failed);

    BatchObserver NONE = (samples, requests, inferenceNanos, failed) -> { };
}
