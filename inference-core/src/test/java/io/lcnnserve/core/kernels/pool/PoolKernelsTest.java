package io.lcnnserve.core.kernels.pool;

import static io.lcnnserve.core.kernels.KernelAssertions.assertClose;
import static io.lcnnserve.core.kernels.KernelAssertions.randomArray;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.lcnnserve.core.kernels.conv.ConvShape;
import io.lcnnserve.core.kernels.parallel.Parallel;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PoolKernelsTest {

    private static final Parallel TWO_THREADS = Parallel.fixedThreads(2);

    @AfterAll
    static void closePool() {
        TWO_THREADS.close();
    }

    private static float[] naiveMaxPool(ConvShape s, int planes, float[] input) {
        int outH = s.outHeight();
        int outW = s.outWidth();
        float[] out = new float[planes * outH * outW];
        for (int p = 0; p < planes; p++) {
            for (int oy = 0; oy < outH; oy++) {
                for (int ox = 0; ox < outW; ox++) {
                    float max = Float.NEGATIVE_INFINITY;
                    for (int ky = 0; ky < s.kernelH(); ky++) {
                        for (int kx = 0; kx < s.kernelW(); kx++) {
                            int iy = oy * s.strideH() - s.padTop() + ky * s.dilationH();
                            int ix = ox * s.strideW() - s.padLeft() + kx * s.dilationW();
                            if (iy >= 0 && iy < s.height() && ix >= 0 && ix < s.width()) {
                                max = Math.max(max, input[(p * s.height() + iy) * s.width() + ix]);
                            }
                        }
                    }
                    out[(p * outH + oy) * outW + ox] = max;
                }
            }
        }
        return out;
    }

    static List<ConvShape> maxPoolShapes() {
        return List.of(
            ConvShape.of(13, 112, 112, 13, 3, 2, 1, 1),
            new ConvShape(24, 33, 17, 24, 3, 3, 2, 2, 0, 0, 1, 1, 1, 1, 1),
            ConvShape.of(13, 13, 13, 13, 3, 2, 0, 1),
            ConvShape.of(24, 7, 9, 24, 3, 1, 1, 1),
            ConvShape.of(13, 14, 15, 13, 2, 2, 0, 1),
            new ConvShape(13, 9, 11, 13, 2, 3, 1, 1, 1, 0, 0, 2, 1, 1, 1),
            ConvShape.of(13, 12, 12, 13, 5, 2, 2, 1),
            new ConvShape(7, 11, 11, 7, 3, 3, 3, 3, 1, 1, 1, 1, 1, 1, 1),
            new ConvShape(7, 11, 11, 7, 3, 3, 1, 1, 0, 0, 0, 0, 2, 2, 1),
            new ConvShape(40, 27, 27, 40, 3, 3, 2, 2, 0, 0, 1, 1, 1, 1, 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("maxPoolShapes")
    void maxPoolMatchesNaiveWindowMaxOnOneAndTwoThreads(ConvShape shape) {
        int planes = 2 * shape.channels();
        float[] input = randomArray(planes * shape.height() * shape.width(), 1);
        float[] expected = naiveMaxPool(shape, planes, input);
        for (Parallel parallel : List.of(Parallel.sequential(), TWO_THREADS)) {
            float[] output = new float[expected.length + 1];
            MaxPool.compute(shape, planes, input, 0, output, 1, parallel);
            assertClose(shape + " with " + parallel, expected, 0, output, 1, expected.length, 0f);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("maxPoolShapes")
    void channelBlockedMaxPoolMatchesNaiveWindowMaxOnOneAndTwoThreads(ConvShape shape) {
        int batch = 2;
        int planes = batch * shape.channels();
        float[] input = randomArray(planes * shape.height() * shape.width(), 1);
        float[] expected = naiveMaxPool(shape, planes, input);
        for (Parallel parallel : List.of(Parallel.sequential(), TWO_THREADS)) {
            float[] output = new float[expected.length + 1];
            ChannelBlockedMaxPool.compute(shape, batch, shape.channels(), input, 0, output, 1, parallel);
            assertClose(shape + " with " + parallel, expected, 0, output, 1, expected.length, 0f);
        }
    }

    /** 3x3 windows of stride 1 and 2: SqueezeNet's (ceil mode as a bottom/right pad), ShuffleNet's, and odd edges. */
    static List<ConvShape> rowMaxPoolShapes() {
        List<ConvShape> shapes = new java.util.ArrayList<>(maxPoolShapes().stream().filter(RowMaxPool3x3::supports).toList());
        shapes.add(ConvShape.of(5, 109, 109, 5, 3, 2, 0, 1));
        shapes.add(new ConvShape(5, 54, 54, 5, 3, 3, 2, 2, 0, 0, 1, 1, 1, 1, 1));
        shapes.add(new ConvShape(3, 1, 1, 3, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1));
        shapes.add(new ConvShape(3, 3, 40, 3, 3, 3, 1, 1, 0, 2, 1, 0, 1, 1, 1));
        shapes.add(new ConvShape(3, 18, 35, 3, 3, 3, 2, 2, 2, 1, 0, 2, 1, 1, 1));
        shapes.add(ConvShape.of(3, 33, 33, 3, 3, 1, 1, 1));
        return shapes;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rowMaxPoolShapes")
    void rowMaxPoolMatchesNaiveWindowMaxOnOneAndTwoThreadsAtOffsets(ConvShape shape) {
        int planes = 2 * shape.channels();
        float[] input = randomArray(5 + planes * shape.height() * shape.width(), 2);
        float[] expected = naiveMaxPool(shape, planes, java.util.Arrays.copyOfRange(input, 5, input.length));
        for (Parallel parallel : List.of(Parallel.sequential(), TWO_THREADS)) {
            float[] output = new float[expected.length + 1];
            RowMaxPool3x3.compute(shape, planes, input, 5, output, 1, parallel);
            assertClose(shape + " with " + parallel, expected, 0, output, 1, expected.length, 0f);
        }
    }

    @Test
    void rowMaxPoolRejectsOtherWindows() {
        for (ConvShape shape : List.of(ConvShape.of(4, 8, 8, 4, 2, 2, 0, 1), ConvShape.of(4, 9, 9, 4, 3, 3, 0, 1),
            new ConvShape(4, 9, 9, 4, 3, 3, 1, 1, 1, 1, 1, 1, 2, 2, 1), new ConvShape(4, 9, 9, 4, 3, 3, 1, 2, 0, 0, 0, 0, 1, 1, 1))) {
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> RowMaxPool3x3.compute(shape, 4, new float[4 * 81], 0, new float[4 * 81], 0, Parallel.sequential()),
                shape::toString);
        }
    }

    @Test
    void globalAveragePoolIsThePlaneMeanForTailSizes() {
        for (int planeSize : new int[] {1, 7, 13, 24, 49, 130, 3136}) {
            int planes = 13;
            float[] input = randomArray(3 + planes * planeSize, planeSize);
            float[] expected = new float[planes];
            for (int p = 0; p < planes; p++) {
                double sum = 0;
                for (int i = 0; i < planeSize; i++) {
                    sum += input[3 + p * planeSize + i];
                }
                expected[p] = (float) (sum / planeSize);
            }
            float[] output = new float[planes];
            GlobalAveragePool.compute(planes, planeSize, input, 3, output, 0);
            assertClose("plane size " + planeSize, expected, output, 1e-5f);
        }
    }

    @Test
    void globalAveragePoolOfConstantPlaneIsTheConstant() {
        float[] input = new float[2 * 49];
        java.util.Arrays.fill(input, 0, 49, 3f);
        java.util.Arrays.fill(input, 49, 98, -1.5f);
        float[] output = new float[2];
        GlobalAveragePool.compute(2, 49, input, 0, output, 0);
        assertArrayEquals(new float[] {3f, -1.5f}, output, 1e-6f);
    }
}
