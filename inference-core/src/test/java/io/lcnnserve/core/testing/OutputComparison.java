package io.lcnnserve.core.testing;

import io.lcnnserve.core.tensor.Tensor;
import java.util.Arrays;
import java.util.Locale;

/**
 * Comparisons of an engine output with a reference output (ONNX Runtime or a stored .npy).
 *
 * <p>The acceptance rule for whole models: {@code max|got - ref| <= 1e-4 * max|ref|} and, for every
 * row of a {@code [N, classes]} output, the same top-5 class indices in the same order.
 */
public final class OutputComparison {
    /** Relative tolerance of the model acceptance rule. */
    public static final double RELATIVE_TOLERANCE = 1e-4;
    /** Top-k that must agree in the model acceptance rule. */
    public static final int TOP_K = 5;

    private OutputComparison() {
    }

    /** Largest absolute element-wise difference; shapes must be equal. */
    public static double maxAbsDiff(Tensor actual, Tensor reference) {
        requireSameShape(actual, reference, "");
        double max = 0;
        for (int i = 0; i < reference.size(); i++) {
            double d = Math.abs(actual.getDouble(i) - reference.getDouble(i));
            if (Double.isNaN(d)) {
                return Double.NaN;
            }
            max = Math.max(max, d);
        }
        return max;
    }

    /** Largest absolute element. */
    public static double maxAbs(Tensor t) {
        double max = 0;
        for (int i = 0; i < t.size(); i++) {
            max = Math.max(max, Math.abs(t.getDouble(i)));
        }
        return max;
    }

    /** Indices of the {@code k} largest elements of row {@code row} of a 2-D tensor, largest first (ties: lower index first). */
    public static int[] topK(Tensor t, int row, int k) {
        if (t.rank() != 2) {
            throw new IllegalArgumentException("top-k needs a [rows, classes] tensor, got " + Arrays.toString(t.shape()));
        }
        int classes = t.dim(1);
        Integer[] idx = new Integer[classes];
        for (int i = 0; i < classes; i++) {
            idx[i] = i;
        }
        int base = row * classes;
        Arrays.sort(idx, (a, b) -> {
            int c = Double.compare(t.getDouble(base + b), t.getDouble(base + a));
            return c != 0 ? c : Integer.compare(a, b);
        });
        return Arrays.stream(idx, 0, Math.min(k, classes)).mapToInt(Integer::intValue).toArray();
    }

    /**
     * The smallest gap between consecutive values among the {@code k + 1} largest of a row: how far
     * the top-k order is from a tie. The model tests require it to be clearly above their tolerance.
     */
    public static double topKMargin(Tensor t, int row, int k) {
        int classes = t.dim(1);
        int[] order = topK(t, row, Math.min(k + 1, classes));
        double margin = Double.POSITIVE_INFINITY;
        for (int i = 0; i + 1 < order.length; i++) {
            margin = Math.min(margin, t.getDouble(row * classes + order[i]) - t.getDouble(row * classes + order[i + 1]));
        }
        return margin;
    }

    /** Outcome of comparing one output with its reference. */
    public record Result(String what, double maxAbsDiff, double maxAbsReference, double tolerance, int worstIndex,
                         int[] shape, int[][] actualTopK, int[][] referenceTopK) {

        public boolean withinTolerance() {
            return maxAbsDiff <= tolerance;
        }

        public boolean sameTopK() {
            return Arrays.deepEquals(actualTopK, referenceTopK);
        }

        public boolean passed() {
            return withinTolerance() && sameTopK();
        }

        /** A one-line summary for logs and failure messages. */
        public String summary() {
            return String.format(Locale.ROOT, "%s: max|diff| %.3e (%.2e x max|ref| %.4g, tolerance %.3e), top-%d %s",
                what, maxAbsDiff, maxAbsDiff / maxAbsReference, maxAbsReference, tolerance,
                referenceTopK.length == 0 ? 0 : referenceTopK[0].length, sameTopK() ? "identical" : "DIFFERENT");
        }

        String failureMessage(Tensor actual, Tensor reference) {
            StringBuilder sb = new StringBuilder(summary());
            if (!withinTolerance()) {
                sb.append(String.format(Locale.ROOT, "%n  worst element %s: got %.7g, reference %.7g",
                    Arrays.toString(unravel(worstIndex, shape)), actual.getDouble(worstIndex), reference.getDouble(worstIndex)));
            }
            for (int r = 0; r < referenceTopK.length; r++) {
                if (!Arrays.equals(actualTopK[r], referenceTopK[r])) {
                    sb.append(String.format(Locale.ROOT, "%n  row %d top-%d: got %s, reference %s", r, referenceTopK[r].length,
                        Arrays.toString(actualTopK[r]), Arrays.toString(referenceTopK[r])));
                }
            }
            return sb.toString();
        }
    }

    /** Compares with the model acceptance rule; top-k is compared only for 2-D outputs. */
    public static Result compare(String what, Tensor actual, Tensor reference) {
        return compare(what, actual, reference, RELATIVE_TOLERANCE, 0, TOP_K);
    }

    /**
     * Compares {@code actual} with {@code reference}: tolerance is {@code absolute + relative * max|ref|};
     * for 2-D outputs each row's top-{@code k} indices are compared too ({@code k = 0}: not at all).
     */
    public static Result compare(String what, Tensor actual, Tensor reference, double relative, double absolute, int k) {
        requireSameShape(actual, reference, what);
        double maxRef = maxAbs(reference);
        double maxDiff = 0;
        int worst = 0;
        for (int i = 0; i < reference.size(); i++) {
            double d = Math.abs(actual.getDouble(i) - reference.getDouble(i));
            if (!(d <= maxDiff)) {
                maxDiff = d;
                worst = i;
                if (Double.isNaN(d)) {
                    break;
                }
            }
        }
        int rows = reference.rank() == 2 && k > 0 ? reference.dim(0) : 0;
        int[][] actualTop = new int[rows][];
        int[][] referenceTop = new int[rows][];
        for (int r = 0; r < rows; r++) {
            actualTop[r] = topK(actual, r, k);
            referenceTop[r] = topK(reference, r, k);
        }
        return new Result(what, maxDiff, maxRef, absolute + relative * maxRef, worst, reference.shape(), actualTop, referenceTop);
    }

    /** Asserts the model acceptance rule; returns the result so callers can log the measured numbers. */
    public static Result assertMatches(String what, Tensor actual, Tensor reference) {
        return assertMatches(what, actual, reference, RELATIVE_TOLERANCE, 0, TOP_K);
    }

    /** Asserts {@link #compare(String, Tensor, Tensor, double, double, int)} passes, with a diagnostic message. */
    public static Result assertMatches(String what, Tensor actual, Tensor reference, double relative, double absolute, int k) {
        Result result = compare(what, actual, reference, relative, absolute, k);
        if (!result.passed()) {
            throw new AssertionError(result.failureMessage(actual, reference));
        }
        return result;
    }

    private static void requireSameShape(Tensor actual, Tensor reference, String what) {
        if (!Arrays.equals(actual.shape(), reference.shape()) || actual.type() != reference.type()) {
            throw new AssertionError((what.isEmpty() ? "" : what + ": ") + "got " + actual.type() + " " + Arrays.toString(actual.shape())
                + ", reference is " + reference.type() + " " + Arrays.toString(reference.shape()));
        }
    }

    private static int[] unravel(int index, int[] shape) {
        int[] pos = new int[shape.length];
        for (int i = shape.length - 1; i >= 0; i--) {
            pos[i] = index % shape[i];
            index /= shape[i];
        }
        return pos;
    }
}
