package io.lcnnserve.core.kernels.depthwise;

import static io.lcnnserve.core.kernels.KernelAssertions.assertClose;
import static io.lcnnserve.core.kernels.KernelAssertions.randomArray;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lcnnserve.core.kernels.Activation;
import io.lcnnserve.core.kernels.ChannelBlocks;
import io.lcnnserve.core.kernels.conv.ConvReference;
import io.lcnnserve.core.kernels.conv.ConvShape;
import io.lcnnserve.core.kernels.parallel.Parallel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ChannelBlockedDepthwiseTest {

    private static final Parallel TWO_THREADS = Parallel.fixedThreads(2);

    @AfterAll
    static void closePool() {
        TWO_THREADS.close();
    }

    /**
     * Channel counts around the block size (a partial last block, a single lane, several blocks),
     * narrow and wide planes (rows shorter and longer than a 16-element tile, tiles across row ends),
     * kernels 3x3 / 5x5 / 1x3 / 7x7, strides 1-3, asymmetric pads and a dilation.
     */
    static List<ConvShape> shapes() {
        List<ConvShape> shapes = new ArrayList<>();
        int[][] planes = {{1, 1}, {7, 7}, {5, 9}, {14, 14}, {13, 17}, {33, 20}};
        int[][] kernels = {{3, 3}, {5, 5}, {1, 3}, {7, 7}};
        for (int channels : new int[] {1, 13, 16, 40}) {
            for (int[] hw : planes) {
                for (int[] k : kernels) {
                    for (int stride : new int[] {1, 2}) {
                        int padH = k[0] / 2;
                        int padW = k[1] / 2;
                        shapes.add(new ConvShape(channels, hw[0], hw[1], channels, k[0], k[1], stride, stride,
                            padH, padW, padH, padW, 1, 1, channels));
                    }
                }
            }
        }
        shapes.add(new ConvShape(24, 28, 28, 24, 3, 3, 2, 2, 0, 0, 1, 1, 1, 1, 24));
        shapes.add(new ConvShape(17, 11, 12, 17, 3, 3, 3, 1, 2, 0, 1, 2, 1, 1, 17));
        shapes.add(new ConvShape(20, 15, 15, 20, 3, 3, 1, 1, 2, 2, 2, 2, 2, 2, 20));
        shapes.add(new ConvShape(32, 60, 61, 32, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 32));
        return shapes;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void matchesDirectConvolutionWithBiasAndActivationsOnOneAndTwoThreads(ConvShape shape) {
        int batch = 2;
        int taps = shape.kernelH() * shape.kernelW();
        float[] input = randomArray(batch * shape.channels() * shape.height() * shape.width(), 1);
        float[] weights = randomArray(shape.channels() * taps, 2);
        float[] bias = randomArray(shape.channels(), 3);
        float[] packedWeights = ChannelBlockedDepthwise.packWeights(weights, 0, shape.channels(), taps);
        float[] packedBias = ChannelBlockedDepthwise.packBias(bias, 0, shape.channels());
        for (Activation activation : List.of(Activation.relu6(), Activation.hardSwish(), Activation.none())) {
            float[] expected = ConvReference.convolve(shape, batch, input, weights, bias, activation);
            for (Parallel parallel : List.of(Parallel.sequential(), TWO_THREADS)) {
                float[] output = new float[expected.length];
                ChannelBlockedDepthwise.convolve(shape, packedWeights, packedBias, activation, batch, input, 0,
                    output, 0, parallel);
                assertClose(shape + " " + activation + " with " + parallel, expected, output, 1e-5f);
            }
        }
    }

    @Test
    void readsAndWritesAtOffsetsWithoutTouchingNeighbours() {
        ConvShape shape = new ConvShape(21, 9, 9, 21, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 21);
        float[] plain = randomArray(21 * 81, 4);
        float[] input = new float[7 + plain.length];
        System.arraycopy(plain, 0, input, 7, plain.length);
        float[] weights = randomArray(21 * 9, 5);
        float[] expected = ConvReference.convolve(shape, 1, plain, weights, null, Activation.relu());
        float[] output = new float[3 + expected.length + 5];
        Arrays.fill(output, 42f);
        ChannelBlockedDepthwise.convolve(shape, ChannelBlockedDepthwise.packWeights(weights, 0, 21, 9),
            ChannelBlockedDepthwise.packBias(null, 0, 21), Activation.relu(), 1, input, 7, output, 3,
            Parallel.sequential());
        assertClose("depthwise at offsets", expected, 0, output, 3, expected.length, 1e-5f);
        assertArrayEquals(new float[] {42f, 42f, 42f}, Arrays.copyOfRange(output, 0, 3));
        assertArrayEquals(new float[] {42f, 42f, 42f, 42f, 42f}, Arrays.copyOfRange(output, output.length - 5,
            output.length));
    }

    @Test
    void packsWeightsLaneByChannelWithZeroLanesPastTheLastChannel() {
        int lanes = ChannelBlocks.LANES;
        float[] weights = new float[3 * 2];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = i + 1;
        }
        float[] packed = ChannelBlockedDepthwise.packWeights(weights, 0, 3, 2);
        float[] expected = new float[2 * lanes];
        expected[0] = 1;
        expected[1] = 3;
        expected[2] = 5;
        expected[lanes] = 2;
        expected[lanes + 1] = 4;
        expected[lanes + 2] = 6;
        assertArrayEquals(expected, packed);
    }

    @Test
    void rejectsNonDepthwiseShapes() {
        ConvShape dense = ConvShape.of(8, 7, 7, 8, 3, 1, 1, 1);
        assertThrows(IllegalArgumentException.class, () -> ChannelBlockedDepthwise.convolve(dense, new float[9 * 16],
            new float[16], Activation.none(), 1, new float[8 * 49], 0, new float[8 * 49], 0, Parallel.sequential()));
    }
}
