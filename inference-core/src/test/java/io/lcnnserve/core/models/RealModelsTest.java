package io.lcnnserve.core.models;

import io.lcnnserve.core.runtime.Model;
import io.lcnnserve.core.runtime.OnnxModels;
import io.lcnnserve.core.runtime.Session;
import io.lcnnserve.core.runtime.SessionOptions;
import io.lcnnserve.core.tensor.Tensor;
import io.lcnnserve.core.testing.BundledModels;
import io.lcnnserve.core.testing.Npy;
import io.lcnnserve.core.testing.OrtOracle;
import io.lcnnserve.core.testing.OutputComparison;
import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real-weight models bundled in {@code <repo>/models} reproduce their stored reference logits
 * for the preprocessed cat photo, and agree with ONNX Runtime at batch 1 and 4.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealModelsTest {
    /** Reference logits come from an independent float64 executor; float32 engines land within ~2e-5. */
    private static final double REFERENCE_TOLERANCE = 1e-3;

    private record Fixture(Session engine, OrtOracle onnxRuntime) {
    }

    private final Map<String, Fixture> fixtures = new LinkedHashMap<>();
    private final Map<String, String> measured = new LinkedHashMap<>();

    @ParameterizedTest
    @ValueSource(strings = {"mobilenet_v2_1.0_224", "mobilenet_v3_small_1.0_224", "squeezenet1_1"})
    void catLogitsMatchTheStoredReference(String name) {
        Tensor input = Npy.readResource("/reference/" + name + "/input_cat.npy");
        Tensor reference = Npy.readResource("/reference/" + name + "/logits_cat.npy");

        Tensor logits = fixture(name).engine().run(Map.of("input", input)).get("logits");

        OutputComparison.Result r = OutputComparison.assertMatches(name + " cat vs reference", logits, reference,
            0, REFERENCE_TOLERANCE, OutputComparison.TOP_K);
        measured.put(r.what(), r.summary());
    }

    @ParameterizedTest
    @ValueSource(strings = {"mobilenet_v2_1.0_224", "mobilenet_v3_small_1.0_224", "squeezenet1_1"})
    void engineMatchesOnnxRuntimeAtBatchOne(String name) {
        compareWithOnnxRuntime(name, Npy.readResource("/reference/" + name + "/input_cat.npy"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"mobilenet_v2_1.0_224", "mobilenet_v3_small_1.0_224", "squeezenet1_1"})
    void engineMatchesOnnxRuntimeAtBatchFour(String name) {
        compareWithOnnxRuntime(name, catVariants(Npy.readResource("/reference/" + name + "/input_cat.npy")));
    }

    private void compareWithOnnxRuntime(String name, Tensor input) {
        Fixture f = fixture(name);
        Tensor expected = f.onnxRuntime().run(Map.of("input", input)).get("logits");

        Tensor actual = f.engine().run(Map.of("input", input)).get("logits");

        OutputComparison.Result r = OutputComparison.assertMatches(name + " batch " + input.dim(0) + " vs ORT", actual, expected);
        measured.put(r.what(), r.summary());
    }

    /** Four different natural images from one: the cat, mirrored, transposed, and at 70% contrast. */
    static Tensor catVariants(Tensor cat) {
        int c = cat.dim(1);
        int h = cat.dim(2);
        int w = cat.dim(3);
        int image = c * h * w;
        float[] src = cat.floats();
        float[] out = new float[4 * image];
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float v = src[(ch * h + y) * w + x];
                    out[(ch * h + y) * w + x] = v;
                    out[image + (ch * h + y) * w + (w - 1 - x)] = v;
                    out[2 * image + (ch * h + x) * w + y] = v;
                    out[3 * image + (ch * h + y) * w + x] = 0.7f * v;
                }
            }
        }
        return Tensor.of(out, 4, c, h, w);
    }

    private Fixture fixture(String name) {
        return fixtures.computeIfAbsent(name, n -> {
            try {
                byte[] bytes = Files.readAllBytes(BundledModels.modelFile(n));
                Model model = OnnxModels.load(bytes, n);
                return new Fixture(model.newSession(SessionOptions.defaults()), OrtOracle.open(bytes));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read bundled model " + n, e);
            }
        });
    }

    @AfterAll
    void closeSessionsAndReport() {
        fixtures.values().forEach(f -> {
            f.engine().close();
            f.onnxRuntime().close();
        });
        measured.values().forEach(System.out::println);
    }
}
