package io.lcnnserve.core.ops.elementwise;

import io.lcnnserve.core.ops.OpRegistry;

/** Registers the elementwise family: Add, Sub, Mul, Div, Sum, Mean, Max, Min. */
public final class ElementwiseOps {
    private ElementwiseOps() {
    }

    public static void register(OpRegistry registry) {
    }
}
