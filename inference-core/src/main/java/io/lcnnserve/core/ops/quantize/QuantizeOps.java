package io.lcnnserve.core.ops.quantize;

import io.lcnnserve.core.ops.OpRegistry;

/** Registers the quantize family: DequantizeLinear. */
public final class QuantizeOps {
    private QuantizeOps() {
    }

    public static void register(OpRegistry registry) {
        registry.register("DequantizeLinear", DequantizeLinear::create);
    }
}
