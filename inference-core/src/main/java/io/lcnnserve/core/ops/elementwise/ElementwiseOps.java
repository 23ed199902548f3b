package io.lcnnserve.core.ops.elementwise;

import io.lcnnserve.core.ops.OpRegistry;

/** Registers the elementwise family: Add, Sub, Mul, Div, Sum, Mean, Max, Min. */
public final class ElementwiseOps {
    private ElementwiseOps() {
    }

    public static void register(OpRegistry registry) {
        registry.register("Add", Add::create);
        registry.register("Sub", Sub::create);
        registry.register("Mul", Mul::create);
        registry.register("Div", Div::create);
        registry.register("Sum", Sum::create);
        registry.register("Mean", Mean::create);
        registry.register("Max", Max::create);
        registry.register("Min", Min::create);
    }
}
