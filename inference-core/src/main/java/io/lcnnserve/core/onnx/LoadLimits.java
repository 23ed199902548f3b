package io.lcnnserve.core.onnx;

/**
 * Upper bounds checked while importing, so that a corrupt or hostile file fails with a clear
 * message instead of an OutOfMemoryError.
 *
 * @param maxModelBytes     largest model file accepted (protobuf caps a message at 2 GiB)
 * @param maxTensorElements largest element count of any one declared tensor
 * @param maxWeightBytes    largest total of all initializer data
 */
public record LoadLimits(long maxModelBytes, long maxTensorElements, long maxWeightBytes) {

    public static LoadLimits defaults() {
        long heap = Runtime.getRuntime().maxMemory();
        return new LoadLimits(Integer.MAX_VALUE, Integer.MAX_VALUE - 8, Math.max(heap / 2, 64L << 20));
    }
}
