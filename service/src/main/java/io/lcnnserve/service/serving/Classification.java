package io.lcnnserve.service.serving;

import java.util.List;

/**
 * The answer to a classify request: one ranked class list per image, in request order.
 *
 * @param timings where the request's time went, in milliseconds
 */
public record Classification(String model, long version, List<List<ClassScore>> predictions, Timings timings) {

    /**
     * @param decode     decoding every image
     * @param preprocess resizing and normalising them into the input tensor
     * @param queue      waiting for the batch
     * @param inference  the batch's model execution
     */
    public record Timings(double decode, double preprocess, double queue, double inference) {
    }
}
