package io.lcnnserve.core.ops.normalization;

import io.lcnnserve.core.ops.OpRegistry;

/** Registers the normalization family: BatchNormalization. */
public final class NormalizationOps {
    private NormalizationOps() {
    }

    public static void register(OpRegistry registry) {
        registry.register("BatchNormalization", BatchNormalization::create);
    }
}
