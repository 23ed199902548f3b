package io.lcnnserve.core.kernels;

import static io.lcnnserve.core.kernels.KernelConfig.FLOAT_SPECIES;

import jdk.incubator.vector.FloatVector;

/**
 * Index vectors for {@link FloatVector#selectFrom(jdk.incubator.vector.Vector, jdk.incubator.vector.Vector)}
 * that split two concatenated vectors (2L consecutive floats) into their even and odd elements: how
 * the stride-2 row kernels read a row without strided loads.
 */
public final class InterleavedLanes {
    /** Lane i picks element 2i of two concatenated vectors. */
    public static final FloatVector EVEN = indexes(0);
    /** Lane i picks element 2i + 1 of two concatenated vectors. */
    public static final FloatVector ODD = indexes(1);

    private InterleavedLanes() {
    }

    private static FloatVector indexes(int first) {
        float[] values = new float[FLOAT_SPECIES.length()];
        for (int i = 0; i < values.length; i++) {
            values[i] = first + 2 * i;
        }
        return FloatVector.fromArray(FLOAT_SPECIES, values, 0);
    }
}
