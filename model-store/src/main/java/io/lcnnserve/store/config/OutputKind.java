package io.lcnnserve.store.config;

/** What the model's output holds: raw scores to be soft-maxed, or probabilities already. */
public enum OutputKind {
    LOGITS,
    PROBABILITIES
}
