package io.lcnnserve.core.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import io.lcnnserve.core.graph.ValueSpec;
import io.lcnnserve.core.onnx.LoadLimits;
import io.lcnnserve.core.onnx.TensorDecoder;
import io.lcnnserve.core.onnx.proto.OnnxProto.TensorProto;
import io.lcnnserve.core.runtime.Model;
import io.lcnnserve.core.runtime.OnnxModels;
import io.lcnnserve.core.runtime.Session;
import io.lcnnserve.core.runtime.SessionOptions;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ONNX's own backend test cases (src/test/resources/onnx-conformance, copied from the ONNX 1.12
 * release; see its README): one dynamic test per case, discovered from the folder, each run with
 * the optimizer on and off, compared with ONNX's tolerance |got - expected| <= 1e-7 + 1e-3 |expected|.
 *
 * <p>{@code -Dconformance.filter=<regex>} runs only the cases whose name matches.
 */
class OnnxConformanceTest {
    static final Path ROOT = Path.of("src/test/resources/onnx-conformance");
    private static final double RTOL = 1e-3;
    private static final double ATOL = 1e-7;
    /** Cases we do not pass, with the reason. Empty: every case runs. */
    private static final Map<String, String> EXCLUDED = Map.of();

    static Stream<String> cases() throws IOException {
        Pattern filter = Pattern.compile(System.getProperty("conformance.filter", ".*"));
        return allCases().stream()
            .filter(c -> filter.matcher(c.getFileName().toString()).find())
            .filter(c -> !EXCLUDED.containsKey(c.getFileName().toString()))
            .map(c -> ROOT.relativize(c).toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesOnnxReference(String caseName) throws IOException {
        runCase(ROOT.resolve(caseName));
    }

    @Test
    void discoversEveryCase() throws IOException {
        assertEquals(244, allCases().size(), "the copied conformance suite has 216 node + 28 pytorch-converted cases");
    }

    static List<Path> allCases() throws IOException {
        List<Path> cases = new ArrayList<>();
        for (String suite : List.of("node", "pytorch-converted")) {
            try (Stream<Path> dirs = Files.list(ROOT.resolve(suite))) {
                dirs.filter(d -> Files.exists(d.resolve("model.onnx"))).sorted().forEach(cases::add);
            }
        }
        return cases;
    }

    private static void runCase(Path caseDir) throws IOException {
        Model model = OnnxModels.load(caseDir.resolve("model.onnx"));
        Path data = caseDir.resolve("test_data_set_0");
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        List<ValueSpec> specs = model.signature().inputs();
        for (int i = 0; i < specs.size(); i++) {
            inputs.put(specs.get(i).name(), readTensor(data.resolve("input_" + i + ".pb")));
        }
        for (boolean optimize : new boolean[] {true, false}) {
            try (Session session = model.newSession(SessionOptions.defaults().withOptimize(optimize))) {
                Map<String, Tensor> outputs = session.run(inputs);
                List<ValueSpec> outSpecs = model.signature().outputs();
                for (int i = 0; i < outSpecs.size(); i++) {
                    Tensor expected = readTensor(data.resolve("output_" + i + ".pb"));
                    Tensor actual = outputs.get(outSpecs.get(i).name());
                    assertMatches(expected, actual, outSpecs.get(i).name() + (optimize ? " (optimized)" : " (reference)"));
                }
            }
        }
    }

    static Tensor readTensor(Path pb) throws IOException {
        TensorProto proto = TensorProto.parseFrom(Files.readAllBytes(pb));
        return new TensorDecoder(pb.getParent(), LoadLimits.defaults()).decode(proto, pb.getFileName().toString());
    }

    static void assertMatches(Tensor expected, Tensor actual, String what) {
        assertEquals(expected.type(), actual.type(), what + ": element type");
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        boolean exact = expected.type() != DataType.FLOAT && expected.type() != DataType.DOUBLE;
        for (int i = 0; i < expected.size(); i++) {
            double e = expected.getDouble(i);
            double a = actual.getDouble(i);
            boolean ok = exact ? e == a : Math.abs(a - e) <= ATOL + RTOL * Math.abs(e) || (Double.isNaN(e) && Double.isNaN(a));
            if (!ok) {
                fail(what + ": element " + i + " is " + a + ", expected " + e);
            }
        }
        assertFalse(expected.size() == 0 && actual.size() != 0, what + ": expected an empty tensor");
    }
}
