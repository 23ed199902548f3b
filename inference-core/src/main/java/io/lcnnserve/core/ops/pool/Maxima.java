package io.lcnnserve.core.ops.pool;

/** The comparison MaxPool and GlobalMaxPool share. */
final class Maxima {
    private Maxima() {
    }

    /**
     * Whether {@code candidate} replaces the running maximum {@code max}: when strictly greater, so
     * ties keep the first value, or when it is the first NaN, so NaN propagates as in NumPy and
     * PyTorch.
     */
    static boolean replaces(float candidate, float max) {
        return candidate > max || (Float.isNaN(candidate) && !Float.isNaN(max));
    }
}
