package io.lcnnserve.core.ops;

import io.lcnnserve.core.ops.activation.ActivationOps;
import io.lcnnserve.core.ops.conv.ConvOps;
import io.lcnnserve.core.ops.elementwise.ElementwiseOps;
import io.lcnnserve.core.ops.linear.LinearOps;
import io.lcnnserve.core.ops.normalization.NormalizationOps;
import io.lcnnserve.core.ops.pool.PoolOps;
import io.lcnnserve.core.ops.quantize.QuantizeOps;
import io.lcnnserve.core.ops.reduce.ReduceOps;
import io.lcnnserve.core.ops.shape.ShapeOps;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * ONNX op type → factory, for the default domain ({@code ""} / {@code ai.onnx}). Each op family
 * registers its ops in one place ({@code ConvOps}, {@code PoolOps}, ...). Factories receive the
 * node's opset and handle the differences between opset versions themselves.
 */
public final class OpRegistry {
    /** Highest default-domain opset this engine implements. */
    public static final int MAX_OPSET = 21;

    private final Map<String, OpFactory> factories = new TreeMap<>();

    private static final OpRegistry STANDARD = createStandard();

    /** The registry with every operator lcnn-serve implements. */
    public static OpRegistry standard() {
        return STANDARD;
    }

    private static OpRegistry createStandard() {
        OpRegistry r = new OpRegistry();
        ConvOps.register(r);
        PoolOps.register(r);
        LinearOps.register(r);
        NormalizationOps.register(r);
        ActivationOps.register(r);
        ElementwiseOps.register(r);
        ShapeOps.register(r);
        ReduceOps.register(r);
        QuantizeOps.register(r);
        return r;
    }

    public void register(String opType, OpFactory factory) {
        if (factories.putIfAbsent(opType, factory) != null) {
            throw new IllegalStateException("op " + opType + " registered twice");
        }
    }

    /** The factory for {@code opType}, or null if the op is not supported. */
    public OpFactory find(String opType) {
        return factories.get(opType);
    }

    public Set<String> opTypes() {
        return Collections.unmodifiableSet(factories.keySet());
    }
}
