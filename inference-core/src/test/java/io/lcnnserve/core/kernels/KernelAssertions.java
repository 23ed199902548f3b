package io.lcnnserve.core.kernels;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;

/** Shared helpers for the kernel differential tests. */
public final class KernelAssertions {

    private KernelAssertions() {
    }

    /** {@code n} values uniform in [-1, 1) from a fixed seed. */
    public static float[] randomArray(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return values;
    }

    /**
     * Asserts {@code |actual - expected| <= tolerance * (1 + |expected|)} element-wise over
     * {@code count} elements, reporting the first mismatch with its index.
     */
    public static void assertClose(String what, float[] expected, int expectedOffset, float[] actual,
                                   int actualOffset, int count, float tolerance) {
        for (int i = 0; i < count; i++) {
            float e = expected[expectedOffset + i];
            float a = actual[actualOffset + i];
            if (!(Math.abs(a - e) <= tolerance * (1 + Math.abs(e))) && !(Float.isNaN(e) && Float.isNaN(a))) {
                fail(what + ": element " + i + " expected " + e + " but was " + a + " (tolerance " + tolerance + ")");
            }
        }
    }

    public static void assertClose(String what, float[] expected, float[] actual, float tolerance) {
        if (expected.length != actual.length) {
            fail(what + ": expected " + expected.length + " elements but got " + actual.length);
        }
        assertClose(what, expected, 0, actual, 0, expected.length, tolerance);
    }
}
