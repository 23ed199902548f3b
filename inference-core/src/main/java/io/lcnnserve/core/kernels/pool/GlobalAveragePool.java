package io.lcnnserve.core.kernels.pool;

import static io.lcnnserve.core.kernels.KernelConfig.FLOAT_SPECIES;

import io.lcnnserve.core.kernels.KernelConfig;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Global average pooling on NCHW: {@code output[p] = mean(input[p*planeSize .. (p+1)*planeSize))}
 * for each of {@code planes} (= N*C) contiguous planes. Each plane is summed in vector lanes
 * (masked tail) and reduced once.
 */
public final class GlobalAveragePool {

    private static final VectorSpecies<Float> SPECIES = FLOAT_SPECIES;

    private GlobalAveragePool() {
    }

    public static void compute(int planes, int planeSize, float[] input, int inputOffset, float[] output,
                               int outputOffset) {
        float scale = 1f / planeSize;
        for (int p = 0; p < planes; p++) {
            output[outputOffset + p] = sum(input, inputOffset + p * planeSize, planeSize) * scale;
        }
    }

    private static float sum(float[] x, int offset, int n) {
        if (KernelConfig.SCALAR) {
            float s = 0f;
            for (int i = 0; i < n; i++) {
                s += x[offset + i];
            }
            return s;
        }
        FloatVector acc = FloatVector.zero(SPECIES);
        int i = 0;
        int bound = SPECIES.loopBound(n);
        for (; i < bound; i += SPECIES.length()) {
            acc = acc.add(FloatVector.fromArray(SPECIES, x, offset + i));
        }
        if (i < n) {
            VectorMask<Float> mask = SPECIES.indexInRange(i, n);
            acc = acc.add(FloatVector.fromArray(SPECIES, x, offset + i, mask));
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }
}
