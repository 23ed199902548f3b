package io.lcnnserve.core.optimize;

import io.lcnnserve.core.graph.Node;
import io.lcnnserve.core.kernels.Activation;
import io.lcnnserve.core.ops.activation.Clip;
import io.lcnnserve.core.ops.activation.HardSigmoid;
import io.lcnnserve.core.ops.activation.LeakyRelu;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;

/** Recognises nodes that compute an element-wise activation a kernel can apply in its epilogue. */
final class ActivationNodes {
    private ActivationNodes() {
    }

    /**
     * The activation {@code node} applies to its first input, or null if it is not one a kernel
     * can fuse: Relu, LeakyRelu, HardSigmoid, HardSwish, Sigmoid, and Clip whose bounds are
     * known before running (attributes, or opset 11+ bound inputs that are initializers) with
     * min &lt;= max.
     */
    static Activation of(Node node, ValueUses uses) {
        return switch (node.opType()) {
            case "Relu" -> Activation.relu();
            case "LeakyRelu" -> Activation.leakyRelu(((LeakyRelu) node.op()).alpha());
            case "HardSigmoid" -> hardSigmoid((HardSigmoid) node.op());
            case "HardSwish" -> Activation.hardSwish();
            case "Sigmoid" -> Activation.sigmoid();
            case "Clip" -> clip(node, uses);
            default -> null;
        };
    }

    private static Activation hardSigmoid(HardSigmoid op) {
        return Activation.hardSigmoid(op.alpha(), op.beta());
    }

    /** Clip whose bounds are known before running: attributes before opset 11, initializer inputs (or omitted) after. */
    private static Activation clip(Node node, ValueUses uses) {
        Clip clip = (Clip) node.op();
        Tensor[] bounds = new Tensor[2];
        for (int i = 1; i < node.inputs().size(); i++) {
            if (node.inputs().get(i).isEmpty()) {
                continue;
            }
            Tensor bound = uses.constantInput(node, i);
            if (bound == null || bound.type() != DataType.FLOAT || bound.size() != 1) {
                return null;
            }
            bounds[i - 1] = bound;
        }
        Clip.Bounds b = clip.bounds(bounds[0], bounds[1]);
        return b.low() <= b.high() ? Activation.clip(b.low(), b.high()) : null;
    }
}
