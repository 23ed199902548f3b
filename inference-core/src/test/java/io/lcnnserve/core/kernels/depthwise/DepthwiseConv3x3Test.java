package io.lcnnserve.core.kernels.depthwise;

import static io.lcnnserve.core.kernels.KernelAssertions.assertClose;
import static io.lcnnserve.core.kernels.KernelAssertions.randomArray;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lcnnserve.core.kernels.Activation;
import io.lcnnserve.core.kernels.conv.ConvReference;
import io.lcnnserve.core.kernels.conv.ConvShape;
import io.lcnnserve.core.kernels.parallel.Parallel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DepthwiseConv3x3Test {

    private static final Parallel TWO_THREADS = Parallel.fixedThreads(2);

    @AfterAll
    static void closePool() {
        TWO_THREADS.close();
    }

    static List<ConvShape> shapes() {
        int[][] pads = {{1, 1, 1, 1}, {0, 0, 1, 1}, {1, 1, 0, 0}, {0, 0, 0, 0}, {2, 0, 1, 2}};
        int[][] sizes = {{1, 1}, {2, 3}, {7, 7}, {13, 17}, {33, 16}, {14, 35}, {12, 66}};
        List<ConvShape> shapes = new ArrayList<>();
        for (int channels : new int[] {13, 24}) {
            for (int stride : new int[] {1, 2}) {
                for (int[] p : pads) {
                    for (int[] hw : sizes) {
                        if (hw[0] + p[0] + p[2] >= 3 && hw[1] + p[1] + p[3] >= 3) {
                            shapes.add(new ConvShape(channels, hw[0], hw[1], channels, 3, 3, stride, stride,
                                p[0], p[1], p[2], p[3], 1, 1, channels));
                        }
                    }
                }
            }
        }
        return shapes;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void matchesDirectConvolutionWithFusedBiasAndRelu6OnOneAndTwoThreads(ConvShape shape) {
        int batch = 2;
        float[] input = randomArray(batch * shape.channels() * shape.height() * shape.width(), 1);
        float[] weights = randomArray(shape.channels() * 9, 2);
        float[] bias = randomArray(shape.channels(), 3);
        float[] expected = ConvReference.convolve(shape, batch, input, weights, bias, Activation.relu6());
        for (Parallel parallel : List.of(Parallel.sequential(), TWO_THREADS)) {
            float[] output = new float[expected.length];
            DepthwiseConv3x3.convolve(shape, weights, 0, bias, 0, Activation.relu6(), batch, input, 0, output, 0, parallel);
            assertClose(shape + " with " + parallel, expected, output, 1e-5f);
        }
    }

    @Test
    void stride2HardSwishAtOffsetsOnMobileNetWidth() {
        ConvShape shape = ConvShape.of(5, 112, 112, 5, 3, 2, 1, 5);
        float[] input = randomArray(7 + 5 * 112 * 112, 6);
        float[] weights = randomArray(5 * 9, 7);
        float[] bias = randomArray(5, 8);
        float[] expected = ConvReference.convolve(shape, 1, java.util.Arrays.copyOfRange(input, 7, input.length),
            weights, bias, Activation.hardSwish());
        float[] output = new float[1 + expected.length];
        DepthwiseConv3x3.convolve(shape, weights, 0, bias, 0, Activation.hardSwish(), 1, input, 7, output, 1, TWO_THREADS);
        assertClose("stride-2 depthwise at offsets", expected, 0, output, 1, expected.length, 1e-5f);
    }

    @Test
    void hardSwishWithoutBiasAtOffsets() {
        ConvShape shape = new ConvShape(24, 28, 28, 24, 3, 3, 1, 1, 0, 0, 1, 1, 1, 1, 24);
        float[] input = randomArray(3 + 24 * 28 * 28, 4);
        float[] weights = randomArray(5 + 24 * 9, 5);
        float[] expected = ConvReference.convolve(shape, 1, java.util.Arrays.copyOfRange(input, 3, input.length),
            java.util.Arrays.copyOfRange(weights, 5, weights.length), null, Activation.hardSwish());
        float[] output = new float[2 + expected.length];
        DepthwiseConv3x3.convolve(shape, weights, 5, null, 0, Activation.hardSwish(), 1, input, 3, output, 2, TWO_THREADS);
        assertClose("depthwise at offsets", expected, 0, output, 2, expected.length, 1e-5f);
    }

    @Test
    void rejectsNonDepthwiseShapesAndOtherStrides() {
        ConvShape dense = ConvShape.of(8, 7, 7, 8, 3, 1, 1, 1);
        assertThrows(IllegalArgumentException.class, () -> DepthwiseConv3x3.convolve(dense, new float[8 * 72], 0,
            null, 0, Activation.none(), 1, new float[8 * 49], 0, new float[8 * 49], 0, Parallel.sequential()));
        ConvShape stride3 = ConvShape.of(8, 9, 9, 8, 3, 3, 1, 8);
        assertThrows(IllegalArgumentException.class, () -> DepthwiseConv3x3.convolve(stride3, new float[8 * 9], 0,
            null, 0, Activation.none(), 1, new float[8 * 81], 0, new float[8 * 9], 0, Parallel.sequential()));
        ConvShape mixedStrides = new ConvShape(8, 8, 8, 8, 3, 3, 1, 2, 1, 1, 1, 1, 1, 1, 8);
        assertThrows(IllegalArgumentException.class, () -> DepthwiseConv3x3.convolve(mixedStrides, new float[8 * 9], 0,
            null, 0, Activation.none(), 1, new float[8 * 64], 0, new float[8 * 32], 0, Parallel.sequential()));
    }
}
