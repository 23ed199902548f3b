package io.lcnnserve.core.kernels.activation;

import static io.lcnnserve.core.kernels.KernelAssertions.assertClose;
import static io.lcnnserve.core.kernels.KernelAssertions.randomArray;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lcnnserve.core.kernels.Activation;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ActivationKernelsTest {

    static List<Activation> activations() {
        return List.of(Activation.none(), Activation.relu(), Activation.relu6(), Activation.clip(-1f, 0.5f),
            Activation.clip(Float.NEGATIVE_INFINITY, 0.25f), Activation.leakyRelu(0.01f), Activation.hardSigmoid(0.2f, 0.5f),
            Activation.hardSwish(), Activation.sigmoid(), Activation.swish());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("activations")
    void vectorPathMatchesScalarDefinitionOnTailLengths(Activation activation) {
        for (int n : new int[] {1, 7, 13, 24, 33, 130}) {
            float[] x = randomArray(n + 1, n);
            for (int i = 0; i < x.length; i++) {
                x[i] *= 10f;
            }
            float[] expected = new float[n];
            for (int i = 0; i < n; i++) {
                expected[i] = activation.apply(x[1 + i]);
            }
            float[] out = new float[n];
            ActivationKernels.apply(activation, x, 1, out, 0, n);
            assertClose(activation + " n=" + n, expected, out, 1e-6f);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("activations")
    void biasIsAddedBeforeTheActivation(Activation activation) {
        float[] x = randomArray(33, 1);
        float[] bias = randomArray(35, 2);
        float[] perRun = x.clone();
        float[] single = x.clone();
        ActivationKernels.applyWithBiasRun(activation, bias, 2, perRun, 0, 33);
        ActivationKernels.applyWithBias(activation, 0.75f, single, 0, 33);
        for (int i = 0; i < 33; i++) {
            assertEquals(activation.apply(x[i] + bias[2 + i]), perRun[i], 1e-6f, "bias run element " + i);
            assertEquals(activation.apply(x[i] + 0.75f), single[i], 1e-6f, "single bias element " + i);
        }
    }

    /** Every float step of 2^-10 over [-40, 40] plus the extremes, through the vector and scalar fast paths. */
    private static float[] denseSweep() {
        int steps = 80 * 1024;
        float[] x = new float[steps + 1 + 4];
        for (int i = 0; i <= steps; i++) {
            x[i] = -40f + i / 1024f;
        }
        x[steps + 1] = Float.MAX_VALUE;
        x[steps + 2] = -Float.MAX_VALUE;
        x[steps + 3] = Float.MIN_VALUE;
        x[steps + 4] = -Float.MIN_VALUE;
        return x;
    }

    private static double maxError(Activation fast, float[] x, boolean swish) {
        float[] vector = new float[x.length];
        ActivationKernels.apply(fast, x, 0, vector, 0, x.length);
        double worst = 0;
        for (int i = 0; i < x.length; i++) {
            double sigmoid = 1.0 / (1.0 + Math.exp(-(double) x[i]));
            double exact = swish ? x[i] * sigmoid : sigmoid;
            double scalar = ActivationKernels.applyScalar(fast, x[i]);
            worst = Math.max(worst, Math.max(Math.abs(vector[i] - exact), Math.abs(scalar - exact)));
        }
        return worst;
    }

    @Test
    void fastSigmoidStaysWithinItsDocumentedErrorOverADenseSweep() {
        double worst = maxError(Activation.sigmoid().fastMode(), denseSweep(), false);
        assertTrue(worst <= ActivationKernels.FAST_SIGMOID_MAX_ERROR, "max error " + worst);
        assertTrue(worst > 1e-7, "fast mode should really be the approximation, max error " + worst);
    }

    @Test
    void fastSwishStaysWithinItsDocumentedErrorOverADenseSweep() {
        double worst = maxError(Activation.swish().fastMode(), denseSweep(), true);
        assertTrue(worst <= ActivationKernels.FAST_SWISH_MAX_ERROR, "max error " + worst);
    }

    @Test
    void fastSigmoidSaturatesToZeroAndOne() {
        assertEquals(1f, ActivationKernels.fastSigmoid(200f), 0f);
        assertEquals(0f, ActivationKernels.fastSigmoid(-200f), 1e-37f);
        assertEquals(0.5f, ActivationKernels.fastSigmoid(0f), ActivationKernels.FAST_SIGMOID_MAX_ERROR);
    }

    @Test
    void clipRejectsMinAboveMax() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Activation.clip(1f, 0f));
    }
}
