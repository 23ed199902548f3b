package io.lcnnserve.core.ops.conv;

import static io.lcnnserve.core.kernels.KernelAssertions.assertClose;
import static io.lcnnserve.core.kernels.KernelAssertions.randomArray;

import io.lcnnserve.core.kernels.Activation;
import io.lcnnserve.core.kernels.conv.ConvReference;
import io.lcnnserve.core.kernels.conv.ConvShape;
import io.lcnnserve.core.kernels.parallel.Parallel;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The scalar depthwise loop FusedConv runs when scalar kernels are forced. */
class DepthwiseConvolutionTest {

    private static final Parallel TWO_THREADS = Parallel.fixedThreads(2);

    @AfterAll
    static void closePool() {
        TWO_THREADS.close();
    }

    static List<ConvShape> shapes() {
        return List.of(
            ConvShape.of(5, 7, 7, 5, 3, 1, 1, 5),
            ConvShape.of(5, 14, 14, 5, 5, 2, 2, 5),
            new ConvShape(3, 9, 11, 3, 3, 5, 2, 3, 0, 2, 1, 2, 1, 1, 3),
            new ConvShape(4, 10, 10, 4, 3, 3, 1, 1, 2, 2, 2, 2, 2, 2, 4));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void matchesDirectConvolutionWithBiasAndHardSwish(ConvShape shape) {
        int batch = 2;
        float[] input = randomArray(batch * shape.channels() * shape.height() * shape.width(), 1);
        float[] weights = randomArray(shape.channels() * shape.kernelH() * shape.kernelW(), 2);
        float[] bias = randomArray(shape.channels(), 3);
        float[] expected = ConvReference.convolve(shape, batch, input, weights, bias, Activation.hardSwish());
        for (Parallel parallel : List.of(Parallel.sequential(), TWO_THREADS)) {
            float[] output = new float[expected.length];
            DepthwiseConvolution.run(shape, batch, input, 0, weights, bias, Activation.hardSwish(), output, 0, parallel);
            assertClose(shape + " with " + parallel, expected, output, 1e-5f);
        }
    }
}
