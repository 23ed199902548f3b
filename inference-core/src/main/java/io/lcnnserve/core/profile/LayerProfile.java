package io.lcnnserve.core.profile;

/**
 * Measured time of one plan step over the profiled runs, with its static cost. Times are in
 * milliseconds; {@code share} is this step's fraction of the summed mean step times. A fused step
 * is credited with the time of every ONNX node it covers ({@code cost.sourceNodes()}).
 */
public record LayerProfile(LayerCost cost, double meanMs, double p50Ms, double p99Ms, double share) {

    /** Achieved GFLOP/s (2 FLOPs per MAC) at the mean time; 0 for steps without MACs. */
    public double gflops() {
        return meanMs <= 0 ? 0 : 2.0 * cost.macs() / (meanMs * 1e6);
    }
}
