package io.lcnnserve.core.kernels.elementwise;

import static io.lcnnserve.core.kernels.KernelAssertions.assertClose;
import static io.lcnnserve.core.kernels.KernelAssertions.randomArray;

import io.lcnnserve.core.kernels.Activation;
import org.junit.jupiter.api.Test;

class ElementwiseKernelsTest {

    private static final int[] LENGTHS = {1, 7, 13, 24, 33, 130, 3136};

    @Test
    void addWithFusedActivationMatchesScalarLoop() {
        for (Activation activation : new Activation[] {Activation.none(), Activation.relu(), Activation.relu6()}) {
            for (int n : LENGTHS) {
                float[] a = randomArray(n + 2, 1);
                float[] b = randomArray(n + 3, 2);
                float[] expected = new float[n];
                for (int i = 0; i < n; i++) {
                    expected[i] = activation.apply(a[2 + i] + b[3 + i]);
                }
                float[] out = new float[n + 1];
                ElementwiseKernels.add(a, 2, b, 3, out, 1, n, activation);
                assertClose(activation + " n=" + n, expected, 0, out, 1, n, 0f);
            }
        }
    }

    @Test
    void addInPlaceIntoFirstOperand() {
        float[] a = randomArray(33, 3);
        float[] b = randomArray(33, 4);
        float[] expected = new float[33];
        for (int i = 0; i < 33; i++) {
            expected[i] = a[i] + b[i];
        }
        ElementwiseKernels.add(a, 0, b, 0, a, 0, 33, Activation.none());
        assertClose("in-place add", expected, a, 0f);
    }

    @Test
    void multiplyMatchesScalarLoop() {
        for (int n : LENGTHS) {
            float[] a = randomArray(n, 5);
            float[] b = randomArray(n + 1, 6);
            float[] expected = new float[n];
            for (int i = 0; i < n; i++) {
                expected[i] = a[i] * b[1 + i];
            }
            float[] out = new float[n];
            ElementwiseKernels.multiply(a, 0, b, 1, out, 0, n);
            assertClose("n=" + n, expected, out, 0f);
        }
    }

    @Test
    void scalePlanesMultipliesEachPlaneByItsChannelScale() {
        for (int planeSize : new int[] {1, 13, 49, 784}) {
            int planes = 24;
            float[] x = randomArray(planes * planeSize, 7);
            float[] scale = randomArray(planes + 2, 8);
            float[] expected = new float[x.length];
            for (int p = 0; p < planes; p++) {
                for (int i = 0; i < planeSize; i++) {
                    expected[p * planeSize + i] = x[p * planeSize + i] * scale[2 + p];
                }
            }
            float[] out = new float[x.length];
            ElementwiseKernels.scalePlanes(x, 0, scale, 2, out, 0, planes, planeSize);
            assertClose("plane size " + planeSize, expected, out, 0f);
        }
    }
}
