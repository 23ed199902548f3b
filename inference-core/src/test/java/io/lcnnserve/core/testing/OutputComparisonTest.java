package io.lcnnserve.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.lcnnserve.core.tensor.Tensor;
import org.junit.jupiter.api.Test;

class OutputComparisonTest {
    private static final Tensor REFERENCE = Tensor.of(new float[] {
        0.1f, 5.0f, 2.0f, 4.0f, 3.0f, 1.0f, 0.5f,
        9.0f, 8.0f, 7.0f, 6.0f, 5.0f, 4.0f, 3.0f}, 2, 7);

    @Test
    void topKListsTheLargestFirstAndBreaksTiesByIndex() {
        Tensor t = Tensor.of(new float[] {1, 3, 3, 2}, 1, 4);

        assertThat(OutputComparison.topK(t, 0, 3)).containsExactly(1, 2, 3);
        assertThat(OutputComparison.topK(REFERENCE, 1, 5)).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void topKMarginIsTheSmallestGapAmongTheTopKPlusOne() {
        assertThat(OutputComparison.topKMargin(REFERENCE, 0, 5)).as("5, 4, 3, 2, 1 then 0.5").isEqualTo(0.5);
        assertThat(OutputComparison.topKMargin(REFERENCE, 0, 4)).isEqualTo(1.0);
        assertThat(OutputComparison.topKMargin(Tensor.of(new float[] {1, 3, 3, 2}, 1, 4), 0, 2)).isZero();
    }

    @Test
    void outputWithinTheRelativeToleranceAndSameTopFivePasses() {
        Tensor close = shifted(REFERENCE, 13, 8e-4f);

        OutputComparison.Result r = OutputComparison.assertMatches("model", close, REFERENCE);

        assertThat(r.maxAbsDiff()).isCloseTo(8e-4, within(1e-6));
        assertThat(r.tolerance()).isCloseTo(9e-4, within(1e-9));
        assertThat(r.summary()).contains("model: max|diff| 7.999e-04").contains("tolerance 9.000e-04").contains("top-5 identical");
    }

    @Test
    void failureNamesTheWorstElementAndItsValues() {
        Tensor off = shifted(REFERENCE, 9, 0.002f);

        assertThatThrownBy(() -> OutputComparison.assertMatches("mobilenet batch 2", off, REFERENCE))
            .isInstanceOf(AssertionError.class)
            .hasMessageContaining("mobilenet batch 2")
            .hasMessageContaining("worst element [1, 2]: got 7.002000, reference 7.000000");
    }

    @Test
    void swappedTopClassesFailEvenWithinTolerance() {
        Tensor reference = Tensor.of(new float[] {10f, 9.9995f, 1, 2, 3, 4}, 1, 6);
        Tensor swapped = Tensor.of(new float[] {9.9995f, 10f, 1, 2, 3, 4}, 1, 6);

        assertThatThrownBy(() -> OutputComparison.assertMatches("m", swapped, reference))
            .hasMessageContaining("top-5 DIFFERENT")
            .hasMessageContaining("row 0 top-5: got [1, 0, 5, 4, 3], reference [0, 1, 5, 4, 3]");
    }

    @Test
    void shapeMismatchIsReportedBeforeAnyValue() {
        assertThatThrownBy(() -> OutputComparison.compare("m", Tensor.of(new float[14], 7, 2), REFERENCE))
            .hasMessageContaining("got FLOAT [7, 2], reference is FLOAT [2, 7]");
    }

    @Test
    void notANumberNeverPasses() {
        Tensor nan = shifted(REFERENCE, 3, Float.NaN);

        assertThat(OutputComparison.compare("m", nan, REFERENCE).passed()).isFalse();
    }

    private static Tensor shifted(Tensor t, int index, float delta) {
        float[] data = t.floats().clone();
        data[index] += delta;
        return Tensor.of(data, t.shape());
    }
}
