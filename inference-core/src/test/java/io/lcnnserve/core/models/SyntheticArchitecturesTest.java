package io.lcnnserve.core.models;

import io.lcnnserve.core.runtime.Model;
import io.lcnnserve.core.runtime.OnnxModels;
import io.lcnnserve.core.runtime.Session;
import io.lcnnserve.core.runtime.SessionOptions;
import io.lcnnserve.core.tensor.Tensor;
import io.lcnnserve.core.testing.OrtOracle;
import io.lcnnserve.core.testing.OutputComparison;
import io.lcnnserve.core.testing.SyntheticModels;
import io.lcnnserve.core.testing.SyntheticModels.Architecture;
import io.lcnnserve.core.testing.SyntheticModels.SyntheticModel;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The acceptance suite: every lightweight-CNN architecture (rebuilt with seeded weights by
 * {@link SyntheticModels}) computes what ONNX Runtime computes, at batch 1 and 4:
 * {@code max|diff| <= 1e-4 x max|reference|} and the same top-5 classes for every image.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SyntheticArchitecturesTest {
    /** One engine session and one ORT session per architecture, opened on first use. */
    private record Fixture(SyntheticModel model, Session engine, OrtOracle onnxRuntime) {
    }

    private final Map<Architecture, Fixture> fixtures = new EnumMap<>(Architecture.class);
    private final Map<String, String> measured = new LinkedHashMap<>();

    static Stream<Arguments> architecturesAndBatchSizes() {
        return Stream.of(Architecture.values()).flatMap(a -> Stream.of(Arguments.of(a, 1), Arguments.of(a, 4)));
    }

    @ParameterizedTest(name = "{0} at batch {1}")
    @MethodSource("architecturesAndBatchSizes")
    void engineMatchesOnnxRuntime(Architecture architecture, int batch) {
        Fixture f = fixture(architecture);
        Tensor input = f.model().sampleInput(batch);
        Tensor expected = f.onnxRuntime().run(Map.of(f.model().inputName(), input)).get(f.model().outputName());

        Tensor actual = f.engine().run(Map.of(f.model().inputName(), input)).get(f.model().outputName());

        OutputComparison.Result result = OutputComparison.assertMatches(architecture.modelName() + " batch " + batch, actual, expected);
        measured.put(result.what(), result.summary());
    }

    private Fixture fixture(Architecture architecture) {
        return fixtures.computeIfAbsent(architecture, a -> {
            SyntheticModel model = SyntheticModels.get(a);
            Model engineModel = OnnxModels.load(model.bytes(), model.name());
            return new Fixture(model, engineModel.newSession(SessionOptions.defaults()), OrtOracle.open(model.bytes()));
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
