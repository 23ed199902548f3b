package io.lcnnserve.core.ops.reduce;

import io.lcnnserve.core.ops.OpRegistry;

/** Registers the reduce family: ReduceMean, ReduceMax, ReduceSum. */
public final class ReduceOps {
    private ReduceOps() {
    }

    public static void register(OpRegistry registry) {
        registry.register("ReduceMean", ReduceMean::create);
        registry.register("ReduceMax", ReduceMax::create);
        registry.register("ReduceSum", ReduceSum::create);
    }
}
