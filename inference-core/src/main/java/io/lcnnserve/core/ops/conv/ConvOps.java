package io.lcnnserve.core.ops.conv;

import io.lcnnserve.core.ops.OpRegistry;

/** Registers the conv family: Conv, ConvTranspose, DeformConv. */
public final class ConvOps {
    private ConvOps() {
    }

    public static void register(OpRegistry registry) {
        registry.register("Conv", Conv::create);
        registry.register("ConvTranspose", ConvTranspose::create);
        registry.register("DeformConv", DeformConv::create);
    }
}
