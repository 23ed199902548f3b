package io.lcnnserve.core.kernels.conv;

import static io.lcnnserve.core.kernels.KernelAssertions.assertClose;
import static io.lcnnserve.core.kernels.KernelAssertions.randomArray;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lcnnserve.core.kernels.Activation;
import io.lcnnserve.core.kernels.parallel.Parallel;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class GemmConvolutionTest {

    private static final Parallel TWO_THREADS = Parallel.fixedThreads(2);

    @AfterAll
    static void closePool() {
        TWO_THREADS.close();
    }

    static List<ConvShape> shapes() {
        return List.of(
            // pointwise (direct GEMM), channels that hit vector tails
            ConvShape.of(13, 7, 9, 24, 1, 1, 0, 1),
            ConvShape.of(24, 13, 13, 13, 1, 1, 0, 1),
            ConvShape.of(33, 1, 1, 130, 1, 1, 0, 1),
            // im2col: first MobileNet conv (3x3 stride 2, TF-style asymmetric pads)
            new ConvShape(3, 33, 33, 24, 3, 3, 2, 2, 0, 0, 1, 1, 1, 1, 1),
            ConvShape.of(13, 15, 17, 7, 3, 1, 1, 1),
            // strided 1x1, 5x5 with pads, rectangular kernel, dilation
            ConvShape.of(13, 14, 14, 24, 1, 2, 0, 1),
            ConvShape.of(7, 11, 13, 13, 5, 1, 2, 1),
            new ConvShape(5, 12, 10, 6, 3, 2, 1, 2, 1, 0, 2, 1, 1, 1, 1),
            new ConvShape(6, 13, 13, 8, 3, 3, 1, 1, 2, 2, 2, 2, 2, 2, 1),
            // grouped (ShuffleNet-style) and a general depthwise 5x5
            ConvShape.of(24, 9, 9, 12, 1, 1, 0, 3),
            ConvShape.of(12, 9, 7, 24, 3, 1, 1, 4),
            ConvShape.of(13, 10, 10, 13, 5, 2, 2, 13));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void matchesDirectConvolutionWithBiasAndActivationOnOneAndTwoThreads(ConvShape shape) {
        int batch = 2;
        float[] input = randomArray(batch * shape.channels() * shape.height() * shape.width(), 1);
        float[] weights = randomArray(shape.outChannels() * shape.patchSize(), 2);
        float[] bias = randomArray(shape.outChannels() + 3, 3);
        float[] biasFromThree = java.util.Arrays.copyOfRange(bias, 3, bias.length);
        Activation activation = Activation.relu6();
        float[] expected = ConvReference.convolve(shape, batch, input, weights, biasFromThree, activation);
        ConvWeights packed = ConvWeights.pack(shape, weights, 0);
        for (Parallel parallel : List.of(Parallel.sequential(), TWO_THREADS)) {
            float[] output = new float[expected.length + 5];
            GemmConvolution.convolve(packed, bias, 3, activation, batch, input, 0, output, 5, parallel);
            assertClose(shape + " with " + parallel, expected, 0, output, 5, expected.length, 2e-5f);
        }
    }

    @Test
    void convolutionWithoutBiasReadsInputAtItsOffset() {
        ConvShape shape = ConvShape.of(13, 7, 7, 24, 3, 1, 1, 1);
        float[] input = randomArray(7 + shape.channels() * 49, 4);
        float[] weights = randomArray(11 + shape.outChannels() * shape.patchSize(), 5);
        float[] unshiftedInput = java.util.Arrays.copyOfRange(input, 7, input.length);
        float[] unshiftedWeights = java.util.Arrays.copyOfRange(weights, 11, weights.length);
        float[] expected = ConvReference.convolve(shape, 1, unshiftedInput, unshiftedWeights, null, Activation.hardSwish());
        float[] output = new float[expected.length];
        GemmConvolution.convolve(ConvWeights.pack(shape, weights, 11), null, 0, Activation.hardSwish(), 1,
            input, 7, output, 0, TWO_THREADS);
        assertClose("no-bias convolution", expected, output, 2e-5f);
    }

    @Test
    void steadyStateCallsAtBatchEightAllocateNothingBeyondTheGemmsOperandDescriptors() {
        ConvShape shape = ConvShape.of(6, 12, 12, 16, 3, 1, 1, 2);
        int batch = 8;
        float[] input = randomArray(batch * shape.channels() * 144, 7);
        float[] bias = randomArray(shape.outChannels(), 8);
        float[] output = new float[batch * shape.outChannels() * 144];
        ConvWeights weights = ConvWeights.pack(shape, randomArray(shape.outChannels() * shape.patchSize(), 9), 0);
        com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        // Until C2 compiles the kernels the Vector API boxes vectors on the heap: measure windows
        // (within a budget) until one is quiet.
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        // 16 GEMMs (8 images x 2 groups), each allocating its two 32-byte operand records.
        long bound = 16 * 2 * 32 + 64;
        long perCall;
        do {
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 50; i++) {
                GemmConvolution.convolve(weights, bias, 0, Activation.hardSwish(), batch, input, 0, output, 0,
                    Parallel.sequential());
            }
            perCall = (threads.getCurrentThreadAllocatedBytes() - before) / 50;
        } while (perCall > bound && System.nanoTime() < deadline);
        assertTrue(perCall <= bound, "bytes allocated per call at batch 8: " + perCall + ", expected at most " + bound);
    }

    @Test
    void outputSizeFollowsOnnxFloorFormula() {
        ConvShape shape = new ConvShape(3, 224, 224, 32, 3, 3, 2, 2, 0, 0, 1, 1, 1, 1, 1);
        assertEquals(112, shape.outHeight());
        assertEquals(112, shape.outWidth());
        assertEquals(27, shape.patchSize());
    }
}
