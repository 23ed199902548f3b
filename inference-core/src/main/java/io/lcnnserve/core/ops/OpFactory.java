package io.lcnnserve.core.ops;

/** Builds an {@link Op} from a node, validating its attributes; throws {@link OpException} if unsupported. */
@FunctionalInterface
public interface OpFactory {
    Op create(NodeSpec node);
}
