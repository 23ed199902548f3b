package io.lcnnserve.core.ops;

import io.lcnnserve.core.tensor.Shapes;
import io.lcnnserve.core.tensor.Tensor;
import java.util.SplittableRandom;

/** Seeded random FLOAT tensors for the differential tests of the kernel-backed ops and passes. */
public final class RandomTensors {
    private RandomTensors() {
    }

    /** Values uniform in [-1, 1) from {@code seed}. */
    public static Tensor random(long seed, int... shape) {
        return uniform(seed, 1f, shape);
    }

    /** Values uniform in [-bound, bound) from {@code seed}. */
    public static Tensor uniform(long seed, float bound, int... shape) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[Shapes.elementCount(shape)];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
        }
        return Tensor.of(values, shape);
    }
}
