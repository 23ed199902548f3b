package io.lcnnserve.core.ops.shape;

import io.lcnnserve.core.ops.OpRegistry;

/** Registers the shape family: Concat, Split, Slice, Reshape, Flatten, Transpose, Squeeze, Unsqueeze, Shape, Gather, Constant, Identity, Dropout, Pad, DepthToSpace, SpaceToDepth. */
public final class ShapeOps {
    private ShapeOps() {
    }

    public static void register(OpRegistry registry) {
        registry.register("Concat", Concat::create);
        registry.register("Split", Split::create);
        registry.register("Slice", Slice::create);
        registry.register("Reshape", Reshape::create);
        registry.register("Flatten", Flatten::create);
        registry.register("Transpose", Transpose::create);
        registry.register("Squeeze", Squeeze::create);
        registry.register("Unsqueeze", Unsqueeze::create);
        registry.register("Shape", Shape::create);
        registry.register("Gather", Gather::create);
        registry.register("Constant", Constant::create);
        registry.register("Identity", Identity::create);
        registry.register("Dropout", Dropout::create);
        registry.register("Pad", Pad::create);
        registry.register("DepthToSpace", DepthToSpace::create);
        registry.register("SpaceToDepth", SpaceToDepth::create);
    }
}
