package io.lcnnserve.core.testing;

/**
 * Where {@link CnnBlocks} gets the numbers of the layers it builds. {@link SeededParameters} draws them
 * at random; {@link CalibratedParameters} also measures activations so that deep random nets stay
 * well-scaled.
 */
public interface Parameters {
    /** The four parameter vectors of a BatchNormalization node, one value per channel. */
    record BatchNorm(float[] scale, float[] bias, float[] mean, float[] variance) {
    }

    /**
     * Weights of a Conv ({@code [M, C/group, kH, kW]}), ConvTranspose ({@code [C, M/group, kH, kW]})
     * or Gemm ({@code [out, in]}) layer; {@code fanIn} is the number of inputs summed per output.
     */
    float[] weights(String name, int[] shape, int fanIn);

    /** Parameters of the BatchNormalization node {@code name}, which normalizes the value {@code input} already in the graph. */
    BatchNorm batchNorm(String name, String input, int channels);

    /**
     * Biases of a layer whose node is already in the graph, computing {@code output} from the weights
     * {@code weightName} and all-zero biases. A calibrating source may measure {@code output} and
     * rescale the weights (through the builder) before answering.
     */
    float[] bias(String name, String output, String weightName, int channels);
}
