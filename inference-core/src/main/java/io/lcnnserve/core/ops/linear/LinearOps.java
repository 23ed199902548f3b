package io.lcnnserve.core.ops.linear;

import io.lcnnserve.core.ops.OpRegistry;

/** Registers the linear family: Gemm, MatMul. */
public final class LinearOps {
    private LinearOps() {
    }

    public static void register(OpRegistry registry) {
        registry.register("Gemm", Gemm::create);
        registry.register("MatMul", MatMul::create);
    }
}
