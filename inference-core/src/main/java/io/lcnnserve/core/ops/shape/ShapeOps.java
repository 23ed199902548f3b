package io.lcnnserve.core.ops.shape;

import io.lcnnserve.core.ops.OpRegistry;

/** Registers the shape family: Concat, Split, Slice, Reshape, Flatten, Transpose, Squeeze, Unsqueeze, Shape, Gather, Constant, Identity, Dropout, Pad, DepthToSpace, SpaceToDepth. */
public final class ShapeOps {
    private ShapeOps() {
    }

    public static void register(OpRegistry registry) {
    }
}
