package io.lcnnserve.core.ops.activation;

import io.lcnnserve.core.ops.NodeSpec;
import io.lcnnserve.core.ops.Op;

/** ONNX HardSigmoid: {@code max(0, min(1, alpha * x + beta))}, alpha 0.2 and beta 0.5 by default. */
public final class HardSigmoid extends UnaryFloatOp {
    private final float alpha;
    private final float beta;

    private HardSigmoid(NodeSpec node) {
        super("HardSigmoid", node);
        this.alpha = node.attributes().getFloat("alpha", 0.2f);
        this.beta = node.attributes().getFloat("beta", 0.5f);
    }

    public static Op create(NodeSpec node) {
        return new HardSigmoid(node);
    }

    public float alpha() {
        return alpha;
    }

    public float beta() {
        return beta;
    }

    @Override
    public float apply(float x) {
        return hardSigmoid(x, alpha, beta);
    }

    /** Shared with HardSwish, which is {@code x * hardSigmoid(x, 1/6, 1/2)}. */
    static float hardSigmoid(float x, float alpha, float beta) {
        return Math.max(0f, Math.min(1f, alpha * x + beta));
    }
}
