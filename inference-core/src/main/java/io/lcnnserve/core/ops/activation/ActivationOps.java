package io.lcnnserve.core.ops.activation;

import io.lcnnserve.core.ops.OpRegistry;

/** Registers the activation family: Relu, LeakyRelu, PRelu, Clip, Sigmoid, HardSigmoid, HardSwish, Tanh, Exp, Softmax. */
public final class ActivationOps {
    private ActivationOps() {
    }

    public static void register(OpRegistry registry) {
        registry.register("Relu", Relu::create);
        registry.register("LeakyRelu", LeakyRelu::create);
        registry.register("PRelu", PRelu::create);
        registry.register("Clip", Clip::create);
        registry.register("Sigmoid", Sigmoid::create);
        registry.register("HardSigmoid", HardSigmoid::create);
        registry.register("HardSwish", HardSwish::create);
        registry.register("Tanh", Tanh::create);
        registry.register("Exp", Exp::create);
        registry.register("Softmax", Softmax::create);
    }
}
