package io.lcnnserve.core.ops.pool;

import io.lcnnserve.core.ops.OpRegistry;

/** Registers the pool family: MaxPool, AveragePool, GlobalAveragePool, GlobalMaxPool, MaxUnpool. */
public final class PoolOps {
    private PoolOps() {
    }

    public static void register(OpRegistry registry) {
    }
}
