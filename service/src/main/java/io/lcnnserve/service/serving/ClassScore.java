package io.lcnnserve.service.serving;

/**
 * One class of a prediction.
 *
 * @param index the model's output index
 * @param label its line in labels.txt, or null when the model has no label for it
 * @param score softmax probability (or the model's own probability output)
 */
public record ClassScore(int index, String label, double score) {
}
