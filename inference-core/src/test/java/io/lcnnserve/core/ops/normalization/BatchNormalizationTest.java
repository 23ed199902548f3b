package io.lcnnserve.core.ops.normalization;

import static io.lcnnserve.core.ops.OpHarness.assertFloats;
import static io.lcnnserve.core.ops.OpHarness.create;
import static io.lcnnserve.core.ops.OpHarness.infer;
import static io.lcnnserve.core.ops.OpHarness.loadError;
import static io.lcnnserve.core.ops.OpHarness.run1;
import static io.lcnnserve.core.ops.OpHarness.shape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lcnnserve.core.ops.Op;
import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchNormalizationTest {
    /** X [1, 2, 1, 2]: channel 0 = (1, 3), channel 1 = (-2, 6). */
    private static final Tensor X = Tensor.of(new float[] {1, 3, -2, 6}, 1, 2, 1, 2);
    private static final Tensor SCALE = Tensor.of(new float[] {2, 0.5f}, 2);
    private static final Tensor BIAS = Tensor.of(new float[] {1, -1}, 2);
    private static final Tensor MEAN = Tensor.of(new float[] {1, 2}, 2);
    /** Variances such that sqrt(var + 1e-5) is exactly 2 and 4. */
    private static final Tensor VAR = Tensor.of(new float[] {4 - 1e-5f, 16 - 1e-5f}, 2);
    /** c0: 2 * (x - 1) / 2 + 1; c1: 0.5 * (x - 2) / 4 - 1 */
    private static final float[] EXPECTED = {1, 3, -1.5f, -0.5f};

    @Test
    void normalizesEachChannelWithItsRunningStatistics() {
        Tensor y = run1(create("BatchNormalization", 15, 5, Map.of()), X, SCALE, BIAS, MEAN, VAR);
        assertFloats(shape(1, 2, 1, 2), EXPECTED, y, 1e-6f);
    }

    @Test
    void addsEpsilonToTheVariance() {
        Tensor var = Tensor.of(new float[] {3, 15}, 2);
        Tensor y = run1(create("BatchNormalization", 15, 5, Map.of("epsilon", 1f)), X, SCALE, BIAS, MEAN, var);
        assertFloats(shape(1, 2, 1, 2), EXPECTED, y, 1e-6f);
    }

    @Test
    void normalizesAMatrixOfFeatures() {
        // [N, C] input, as BatchNorm1d exports it.
        Tensor x = Tensor.of(new float[] {1, -2, 3, 6}, 2, 2);
        Tensor y = run1(create("BatchNormalization", 15, 5, Map.of()), x, SCALE, BIAS, MEAN, VAR);
        assertFloats(shape(2, 2), new float[] {1, -1.5f, 3, -0.5f}, y, 1e-6f);
    }

    @Test
    void ignoresMomentumAndOpset6TestModeAttributes() {
        Op legacy = create("BatchNormalization", 6, 5, Map.of("epsilon", 1e-5f, "is_test", 1L, "momentum", 0.9f, "spatial", 1L));
        assertFloats(shape(1, 2, 1, 2), EXPECTED, run1(legacy, X, SCALE, BIAS, MEAN, VAR), 1e-6f);
    }

    @Test
    void opset1IgnoresConsumedInputs() {
        Op legacy = create("BatchNormalization", 1, 5, Map.of("consumed_inputs", new long[] {0, 0, 0, 1, 1}, "is_test", 1L));
        assertFloats(shape(1, 2, 1, 2), EXPECTED, run1(legacy, X, SCALE, BIAS, MEAN, VAR), 1e-6f);
    }

    @Test
    void nonSpatialModeGivesEveryActivationItsOwnParameters() {
        Op perActivation = create("BatchNormalization", 7, 5, Map.of("spatial", 0L));
        Tensor x = Tensor.of(new float[] {1, 1, 1, 1}, 1, 2, 2);
        Tensor scale = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
        Tensor zeros = Tensor.zeros(DataType.FLOAT, 2, 2);
        Tensor var = Tensor.of(new float[] {1 - 1e-5f, 1 - 1e-5f, 1 - 1e-5f, 1 - 1e-5f}, 2, 2);
        assertFloats(shape(1, 2, 2), new float[] {1, 2, 3, 4}, run1(perActivation, x, scale, zeros, zeros, var), 1e-6f);
    }

    @Test
    void rejectsTrainingMode() {
        OpException e = loadError("BatchNormalization", 15, 5, Map.of("training_mode", 1L));
        assertEquals("training_mode=1 is not supported: lcnn-serve only runs inference", e.getMessage());
    }

    @Test
    void acceptsTrainingModeZero() {
        Op op = create("BatchNormalization", 14, 5, Map.of("training_mode", 0L));
        assertFloats(shape(1, 2, 1, 2), EXPECTED, run1(op, X, SCALE, BIAS, MEAN, VAR), 1e-6f);
    }

    @Test
    void rejectsTheTrainingOutputs() {
        OpException e = assertThrows(OpException.class, () -> create("BatchNormalization", 9, 5, 5, Map.of()));
        assertEquals("has 5 outputs; the running/saved mean and variance outputs only exist in training mode,"
            + " which lcnn-serve does not run", e.getMessage());
    }

    @Test
    void opset9AndLaterRejectTheRemovedSpatialAttribute() {
        assertEquals("unsupported attributes [spatial]", loadError("BatchNormalization", 9, 5, Map.of("spatial", 1L)).getMessage());
    }

    @Test
    void rejectsParametersThatDoNotMatchTheChannelCount() {
        Tensor three = Tensor.zeros(DataType.FLOAT, 3);
        OpException e = assertThrows(OpException.class,
            () -> infer(create("BatchNormalization", 15, 5, Map.of()), X, SCALE, BIAS, three, VAR));
        assertEquals("mean must have shape [2] for X of shape [1, 2, 1, 2], got [3]", e.getMessage());
    }
}
