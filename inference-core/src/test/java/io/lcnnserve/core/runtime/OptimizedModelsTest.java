package io.lcnnserve.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lcnnserve.core.graph.Node;
import io.lcnnserve.core.graph.ValueSpec;
import io.lcnnserve.core.tensor.Tensor;
import io.lcnnserve.core.testing.BundledModels;
import io.lcnnserve.core.testing.SyntheticModels;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The optimizer's whole pipeline on the real bundled models and the synthetic architectures: every
 * conv runs on a kernel op, and optimized sessions agree with the plain imported graph within
 * float rounding ({@code max |diff| <= 1e-4 * max |reference|}).
 */
class OptimizedModelsTest {

    private static Tensor image(ValueSpec spec, int batch) {
        int[] shape = spec.dims().stream().mapToInt(d -> d.isFixed() ? d.value() : batch).toArray();
        shape[0] = batch;
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        float[] data = new float[n];
        for (int i = 0; i < n; i++) {
            data[i] = (float) (Math.sin(i * 0.0137) * 1.8 + Math.cos(i * 0.00071));
        }
        return Tensor.of(data, shape);
    }

    @ParameterizedTest(name = "{0} batch {1}, {2} thread(s)")
    @CsvSource({
        "mobilenet_v1_0.25_128, 2, 2",
        "mobilenet_v1_0.5_160, 1, 1",
        "mobilenet_v2_1.0_224, 1, 1",
        "mobilenet_v3_small_1.0_224, 1, 2",
        "squeezenet1_1, 1, 1"})
    void optimizedSessionAgreesWithTheImportedGraph(String name, int batch, int threads) {
        Model model = BundledModels.load(name);
        assertThat(model.graph(true).nodes()).extracting(Node::opType).doesNotContain("Conv", "BatchNormalization");

        ValueSpec input = model.signature().inputs().get(0);
        Map<String, Tensor> inputs = Map.of(input.name(), image(input, batch));
        Map<String, Tensor> expected;
        try (Session reference = model.newSession(SessionOptions.defaults().withOptimize(false))) {
            expected = reference.run(inputs);
        }
        try (Session optimized = model.newSession(SessionOptions.defaults().withIntraOpThreads(threads))) {
            Map<String, Tensor> actual = optimized.run(inputs);
            for (String output : expected.keySet()) {
                assertClose(name + " " + output, expected.get(output).toFloatArray(), actual.get(output).toFloatArray());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SyntheticModels.Architecture.class)
    void optimizedSyntheticArchitectureAgreesWithItsImportedGraphAtBatchOneAndThree(SyntheticModels.Architecture architecture) {
        SyntheticModels.SyntheticModel synthetic = SyntheticModels.get(architecture);
        Model model = OnnxModels.load(synthetic.bytes(), synthetic.name());
        assertThat(model.graph(true).nodes()).extracting(Node::opType)
            .doesNotContain("Conv", "BatchNormalization", "Concat", "Transpose");
        for (int batch : new int[] {1, 3}) {
            Map<String, Tensor> inputs = Map.of(synthetic.inputName(), synthetic.sampleInput(batch));
            Tensor expected;
            try (Session reference = model.newSession(SessionOptions.defaults().withOptimize(false))) {
                expected = reference.run(inputs).get(synthetic.outputName());
            }
            for (int threads : new int[] {1, 2}) {
                try (Session optimized = model.newSession(SessionOptions.defaults().withIntraOpThreads(threads))) {
                    assertClose(synthetic.name() + " batch " + batch + ", " + threads + " thread(s)", expected.toFloatArray(),
                        optimized.run(inputs).get(synthetic.outputName()).toFloatArray());
                }
            }
        }
    }

    private static void assertClose(String what, float[] expected, float[] actual) {
        assertThat(actual).hasSameSizeAs(expected);
        double scale = 0;
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            double diff = Math.abs(expected[i] - actual[i]);
            worst = diff <= worst ? worst : diff;
        }
        double tolerance = 1e-4 * scale;
        double worstDiff = worst;
        assertTrue(worstDiff <= tolerance, () -> what + ": max |diff| " + worstDiff + " exceeds " + tolerance);
    }
}
