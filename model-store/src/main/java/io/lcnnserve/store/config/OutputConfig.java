package io.lcnnserve.store.config;

/**
 * The model output that holds the class scores.
 *
 * @param name        the graph output's name; null = the model's first output
 * @param kind        logits (apply softmax for probabilities) or probabilities
 * @param labelOffset the output index that line 0 of {@code labels.txt} names: the label of output
 *                    index {@code i} is line {@code i - labelOffset}. Indices below the offset have
 *                    no label. Use 1 for a 1001-way output whose index 0 is a background class that
 *                    labels.txt does not list; 0 when labels.txt lists every output (including a
 *                    {@code background} line 0, as the bundled MobileNets do).
 */
public record OutputConfig(String name, OutputKind kind, int labelOffset) {

    public static OutputConfig defaults() {
        return new OutputConfig(null, OutputKind.LOGITS, 0);
    }
}
