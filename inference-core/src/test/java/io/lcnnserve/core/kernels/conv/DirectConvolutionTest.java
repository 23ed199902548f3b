package io.lcnnserve.core.kernels.conv;

import static io.lcnnserve.core.kernels.KernelAssertions.assertClose;
import static io.lcnnserve.core.kernels.KernelAssertions.randomArray;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lcnnserve.core.kernels.Activation;
import io.lcnnserve.core.kernels.KernelConfig;
import io.lcnnserve.core.kernels.parallel.Parallel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DirectConvolutionTest {

    private static final Parallel TWO_THREADS = Parallel.fixedThreads(2);

    @AfterAll
    static void closePool() {
        TWO_THREADS.close();
    }

    /** Odd channel counts, sizes, asymmetric pads, both strides and kernel sizes, output widths around a tile. */
    static List<ConvShape> shapes() {
        List<ConvShape> shapes = new ArrayList<>();
        int[][] pads = {{0, 0, 0, 0}, {1, 1, 1, 1}, {0, 0, 1, 1}, {2, 1, 0, 2}};
        int[][] sizes = {{9, 33}, {15, 40}, {24, 47}, {7, 64}};
        int[] channels = {1, 3, 4};
        int[] outChannels = {5, 16, 19};
        int i = 0;
        for (int stride : new int[] {1, 2}) {
            for (int[] p : pads) {
                for (int[] hw : sizes) {
                    int c = channels[i % channels.length];
                    int m = outChannels[i / channels.length % outChannels.length];
                    i++;
                    shapes.add(new ConvShape(c, hw[0], hw[1], m, 3, 3, stride, stride, p[0], p[1], p[2], p[3], 1, 1, 1));
                }
            }
        }
        // mixed strides, 1x1, rectangular, 5x5 and 7x7 kernels, a single output row, the first MobileNet conv
        shapes.add(new ConvShape(3, 20, 37, 8, 3, 3, 1, 2, 1, 1, 1, 1, 1, 1, 1));
        shapes.add(new ConvShape(2, 19, 30, 12, 3, 3, 2, 1, 0, 1, 1, 0, 1, 1, 1));
        shapes.add(ConvShape.of(3, 11, 40, 7, 1, 2, 0, 1));
        shapes.add(new ConvShape(3, 13, 35, 9, 2, 3, 1, 2, 0, 1, 1, 1, 1, 1, 1));
        shapes.add(ConvShape.of(4, 17, 35, 24, 5, 2, 2, 1));
        shapes.add(ConvShape.of(3, 23, 45, 11, 7, 2, 3, 1));
        shapes.add(ConvShape.of(3, 3, 40, 16, 3, 1, 0, 1));
        shapes.add(new ConvShape(3, 57, 57, 32, 3, 3, 2, 2, 0, 0, 1, 1, 1, 1, 1));
        return shapes;
    }

    static List<Activation> activations() {
        return List.of(Activation.none(), Activation.relu(), Activation.relu6(), Activation.hardSwish(),
            Activation.leakyRelu(0.1f), Activation.sigmoid());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void matchesReferenceWithEveryActivationWithAndWithoutBiasOnOneAndTwoThreads(ConvShape shape) {
        int batch = 3;
        float[] input = randomArray(batch * shape.channels() * shape.height() * shape.width(), 1);
        float[] weights = randomArray(shape.outChannels() * shape.patchSize(), 2);
        float[] bias = randomArray(shape.outChannels(), 3);
        DirectConvolution direct = DirectConvolution.plan(shape,
            DirectConvolution.packWeights(shape.outChannels(), shape.patchSize(), weights, 0));
        int index = 0;
        for (Activation activation : activations()) {
            float[] withBias = index++ % 2 == 0 ? bias : null;
            float[] expected = ConvReference.convolve(shape, batch, input, weights, withBias, activation);
            for (Parallel parallel : List.of(Parallel.sequential(), TWO_THREADS)) {
                float[] output = new float[expected.length];
                Arrays.fill(output, Float.NaN);
                direct.convolve(withBias, 0, activation, batch, input, 0, output, 0, parallel);
                assertClose(shape + " " + activation + (withBias == null ? " without" : " with") + " bias on "
                    + parallel, expected, output, 2e-5f);
            }
        }
    }

    @Test
    void readsWeightsInputAndBiasAtTheirOffsetsAndWritesOnlyTheOutputRange() {
        ConvShape shape = new ConvShape(3, 34, 34, 13, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 1);
        float[] input = randomArray(7 + 2 * shape.channels() * 34 * 34, 4);
        float[] weights = randomArray(11 + shape.outChannels() * shape.patchSize(), 5);
        float[] bias = randomArray(5 + shape.outChannels(), 6);
        float[] expected = ConvReference.convolve(shape, 2, Arrays.copyOfRange(input, 7, input.length),
            Arrays.copyOfRange(weights, 11, weights.length), Arrays.copyOfRange(bias, 5, bias.length), Activation.relu6());
        float[] output = new float[3 + expected.length + 4];
        Arrays.fill(output, -7f);
        DirectConvolution.plan(shape, DirectConvolution.packWeights(shape.outChannels(), shape.patchSize(), weights, 11))
            .convolve(bias, 5, Activation.relu6(), 2, input, 7, output, 3, TWO_THREADS);
        assertClose("offset convolution", expected, 0, output, 3, expected.length, 2e-5f);
        for (int i : new int[] {0, 1, 2, output.length - 4, output.length - 1}) {
            assertEquals(-7f, output[i], "output[" + i + "] outside the range was written");
        }
    }

    @Test
    void supportsFewUngroupedUndilatedChannelsWithStridesUpToTwo() {
        assertTrue(DirectConvolution.supports(new ConvShape(3, 224, 224, 32, 3, 3, 2, 2, 0, 0, 1, 1, 1, 1, 1))
            || !KernelConfig.vectorized());
        assertFalse(DirectConvolution.supports(ConvShape.of(DirectConvolution.MAX_CHANNELS + 1, 56, 56, 16, 3, 1, 1, 1)));
        assertFalse(DirectConvolution.supports(ConvShape.of(4, 56, 56, 16, 3, 1, 1, 2)));
        assertFalse(DirectConvolution.supports(ConvShape.of(3, 56, 56, 16, 3, 3, 1, 1)));
        assertFalse(DirectConvolution.supports(new ConvShape(3, 56, 56, 16, 3, 3, 1, 1, 2, 2, 2, 2, 2, 2, 1)));
        assertFalse(DirectConvolution.supports(ConvShape.of(3, 5, 3, 16, 3, 1, 0, 1)));
    }

    @Test
    void planRejectsWeightsPackedForAnotherLayer() {
        ConvShape shape = ConvShape.of(3, 32, 32, 16, 3, 1, 1, 1);
        float[] packed = DirectConvolution.packWeights(24, shape.patchSize(), new float[24 * 27], 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DirectConvolution.plan(shape, packed));
        assertTrue(e.getMessage().contains("need 448 floats, got 672"), e.getMessage());
    }
}
