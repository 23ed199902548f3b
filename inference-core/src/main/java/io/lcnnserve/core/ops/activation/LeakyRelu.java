package io.lcnnserve.core.ops.activation;

import io.lcnnserve.core.ops.NodeSpec;
import io.lcnnserve.core.ops.Op;

/** ONNX LeakyRelu: {@code x} for {@code x >= 0}, else {@code alpha * x} (alpha defaults to 0.01). */
public final class LeakyRelu extends UnaryFloatOp {
    private final float alpha;

    private LeakyRelu(NodeSpec node) {
        super("LeakyRelu", node);
        this.alpha = node.attributes().getFloat("alpha", 0.01f);
    }

    public static Op create(NodeSpec node) {
        return new LeakyRelu(node);
    }

    public float alpha() {
        return alpha;
    }

    @Override
    public float apply(float x) {
        return x < 0 ? alpha * x : x;
    }
}
