package io.lcnnserve.core.ops.pool;

import io.lcnnserve.core.ops.OpRegistry;

/** Registers the pool family: MaxPool, AveragePool, GlobalAveragePool, GlobalMaxPool, MaxUnpool. */
public final class PoolOps {
    private PoolOps() {
    }

    public static void register(OpRegistry registry) {
        registry.register("MaxPool", MaxPool::create);
        registry.register("AveragePool", AveragePool::create);
        registry.register("GlobalAveragePool", GlobalAveragePool::create);
        registry.register("GlobalMaxPool", GlobalMaxPool::create);
        registry.register("MaxUnpool", MaxUnpool::create);
    }
}
