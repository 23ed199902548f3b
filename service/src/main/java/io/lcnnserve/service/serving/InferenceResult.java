package io.lcnnserve.service.serving;

import io.lcnnserve.core.tensor.Tensor;
import java.util.Map;

/**
 * One request's share of a batch: its rows of every output, and where its time went.
 *
 * @param outputs        every model output for this request's samples (batch along axis 0), owned by the caller
 * @param queueNanos     time between enqueueing and the start of its batch
 * @param inferenceNanos time the batch took in the model
 * @param batchSamples   samples in the batch this request ran in
 */
public record InferenceResult(Map<String, Tensor> outputs, long queueNanos, long inferenceNanos, int batchSamples) {
}
