package io.lcnnserve.core.ops.activation;

import io.lcnnserve.core.ops.NodeSpec;
import io.lcnnserve.core.ops.Op;

/** ONNX HardSwish (opset 14): {@code x * max(0, min(1, x / 6 + 0.5))}, MobileNetV3's activation. */
public final class HardSwish extends UnaryFloatOp {
    private static final float ALPHA = 1f / 6f;
    private static final float BETA = 0.5f;

    private HardSwish(NodeSpec node) {
        super("HardSwish", node);
    }

    public static Op create(NodeSpec node) {
        return new HardSwish(node);
    }

    @Override
    public float apply(float x) {
        return x * HardSigmoid.hardSigmoid(x, ALPHA, BETA);
    }
}
