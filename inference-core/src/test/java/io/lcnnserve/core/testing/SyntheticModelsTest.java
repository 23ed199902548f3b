package io.lcnnserve.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lcnnserve.core.onnx.proto.OnnxProto.GraphProto;
import io.lcnnserve.core.onnx.proto.OnnxProto.ModelProto;
import io.lcnnserve.core.onnx.proto.OnnxProto.TensorShapeProto;
import io.lcnnserve.core.onnx.proto.OnnxProto.ValueInfoProto;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import io.lcnnserve.core.testing.SyntheticModels.Architecture;
import io.lcnnserve.core.testing.SyntheticModels.SyntheticModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The rebuilt architectures are the manifest's architectures (same size figures and op mix), and
 * ONNX Runtime gives them well-behaved outputs on the sample inputs: finite, of moderate size,
 * different per image, with no near ties in the top-5 (so top-5 comparisons are meaningful).
 */
class SyntheticModelsTest {
    private static final int BATCH = 4;
    /** Top-6 gaps must exceed this multiple of the comparison tolerance, so a tolerable error never reorders the top-5. */
    private static final double MARGIN_OVER_TOLERANCE = 5;

    private static final Map<Architecture, Tensor> ORT_OUTPUTS = new EnumMap<>(Architecture.class);
    private static Map<String, Object> manifest;

    @BeforeAll
    static void readManifest() throws IOException {
        try (InputStream in = SyntheticModelsTest.class.getResourceAsStream("/synthetic/manifest.json")) {
            manifest = Json.parseObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void graphHasTheManifestsParametersMacsAndOpCounts(Architecture architecture) {
        SyntheticModel model = SyntheticModels.get(architecture);
        Map<String, Object> expected = entry(architecture);
        int[] image = model.imageShape();
        ModelStats stats = ModelStats.of(model.proto(), Map.of(model.inputName(), new int[] {1, image[0], image[1], image[2]}));

        assertThat(stats.params()).as("params").isEqualTo(expected.get("params"));
        assertThat(stats.bnBuffers()).as("BatchNorm buffers").isEqualTo(expected.get("bn_buffers"));
        assertThat(stats.macs()).as("MACs").isEqualTo(expected.get("macs"));
        assertThat(stats.macsPerOp()).as("MACs per op").isEqualTo(longs(expected.get("macs_per_op")));
        assertThat((long) stats.nodes()).as("nodes").isEqualTo(expected.get("nodes"));
        assertThat(stats.opCounts()).as("op counts").isEqualTo(ints(expected.get("op_counts")));
    }

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void signatureAndOpsetAreTheManifests(Architecture architecture) {
        ModelProto proto = SyntheticModels.get(architecture).proto();
        Map<String, Object> expected = entry(architecture);
        GraphProto graph = proto.getGraph();

        assertThat(proto.getOpsetImport(0).getVersion()).isEqualTo(expected.get("opset"));
        assertThat(graph.getInputList()).hasSize(1);
        assertThat(graph.getOutputList()).hasSize(1);
        assertSignature(graph.getInput(0), object(expected.get("input")));
        assertSignature(graph.getOutput(0), object(expected.get("output")));
        assertThat(graph.getValueInfoCount()).as("value_info entries").isZero();
    }

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void onnxRuntimeGivesFiniteModerateOutputsThatDependOnTheImage(Architecture architecture) {
        Tensor out = onnxRuntimeOutput(architecture);

        assertThat(out.shape()).containsExactly(BATCH, architecture == Architecture.OPS_ZOO ? 10 : 1000);
        for (float v : out.floats()) {
            assertThat(Float.isFinite(v)).as("every output is finite").isTrue();
        }
        double maxAbs = OutputComparison.maxAbs(out);
        if (architecture == Architecture.OPS_ZOO) {
            for (int r = 0; r < BATCH; r++) {
                double sum = 0;
                for (int c = 0; c < 10; c++) {
                    sum += out.getDouble(r * 10 + c);
                }
                assertThat(sum).as("softmax row %d sums to 1", r).isCloseTo(1.0, within(1e-5));
            }
        } else {
            assertThat(maxAbs).as("max |logit|").isBetween(1.0, 20.0);
        }
        int classes = out.dim(1);
        for (int r = 0; r < BATCH; r++) {
            assertThat(rowStd(out, r)).as("spread of row %d", r).isGreaterThan(0.05 * maxAbs);
        }
        double rowDifference = 0;
        for (int c = 0; c < classes; c++) {
            rowDifference += Math.abs(out.getDouble(c) - out.getDouble(classes + c));
        }
        assertThat(rowDifference / classes).as("mean |difference| between images 0 and 1").isGreaterThan(1e-3 * maxAbs);
    }

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void sampleInputsHaveNoNearTiesInTheTopFive(Architecture architecture) {
        Tensor out = onnxRuntimeOutput(architecture);
        double required = MARGIN_OVER_TOLERANCE * OutputComparison.RELATIVE_TOLERANCE * OutputComparison.maxAbs(out);
        for (int r = 0; r < BATCH; r++) {
            assertThat(OutputComparison.topKMargin(out, r, OutputComparison.TOP_K))
                .as("smallest gap among the top-6 outputs of image %d (top-5 %s)", r, Arrays.toString(OutputComparison.topK(out, r, 5)))
                .isGreaterThan(required);
        }
    }

    @Test
    void opsZooMaxPoolWindowsHaveAUniqueMaximum() {
        SyntheticModel model = SyntheticModels.get(Architecture.OPS_ZOO);
        ModelProto proto = model.proto();
        ModelProto probe = proto.toBuilder().setGraph(proto.getGraph().toBuilder()
            .addOutput(OnnxBuilder.valueInfo("conv_transpose", DataType.FLOAT))).build();
        Tensor pooled = OrtOracle.runOnce(probe.toByteArray(), Map.of(model.inputName(), model.sampleInput(BATCH))).get("conv_transpose");
        int h = pooled.dim(2);
        int w = pooled.dim(3);
        double smallestGap = Double.POSITIVE_INFINITY;
        for (int plane = 0; plane < pooled.dim(0) * pooled.dim(1); plane++) {
            for (int y = 0; y < h; y += 2) {
                for (int x = 0; x < w; x += 2) {
                    double[] window = {at(pooled, plane, y, x, w, h), at(pooled, plane, y, x + 1, w, h),
                        at(pooled, plane, y + 1, x, w, h), at(pooled, plane, y + 1, x + 1, w, h)};
                    Arrays.sort(window);
                    smallestGap = Math.min(smallestGap, window[3] - window[2]);
                }
            }
        }
        assertThat(smallestGap).as("smallest gap between the two largest values of a 2x2 MaxPool window").isGreaterThan(1e-4);
    }

    @Test
    void buildingTwiceGivesIdenticalBytes() {
        assertThat(SyntheticModels.build(Architecture.OPS_ZOO).bytes()).isEqualTo(SyntheticModels.get(Architecture.OPS_ZOO).bytes());
    }

    @Test
    void sampleInputOfOneImageIsTheFirstImageOfTheBatch() {
        SyntheticModel model = SyntheticModels.get(Architecture.OPS_ZOO);
        Tensor one = model.sampleInput(1);
        Tensor four = model.sampleInput(4);
        assertThat(Arrays.copyOf(four.floats(), one.size())).isEqualTo(one.floats());
        double sum = 0;
        double sumSq = 0;
        for (float v : four.floats()) {
            sum += v;
            sumSq += v * v;
        }
        double mean = sum / four.size();
        assertThat(mean).as("mean of the image-like input").isBetween(-0.5, 0.5);
        assertThat(Math.sqrt(sumSq / four.size() - mean * mean)).as("std of the image-like input").isBetween(0.5, 1.5);
    }

    /** ONNX Runtime's output for the sample input of {@value #BATCH} images, computed once per architecture. */
    private static Tensor onnxRuntimeOutput(Architecture architecture) {
        return ORT_OUTPUTS.computeIfAbsent(architecture, a -> {
            SyntheticModel model = SyntheticModels.get(a);
            return OrtOracle.runOnce(model.bytes(), Map.of(model.inputName(), model.sampleInput(BATCH))).get(model.outputName());
        });
    }

    private static double at(Tensor t, int plane, int y, int x, int w, int h) {
        return t.getDouble(plane * h * w + y * w + x);
    }

    private static double rowStd(Tensor t, int row) {
        int n = t.dim(1);
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < n; i++) {
            double v = t.getDouble(row * n + i);
            sum += v;
            sumSq += v * v;
        }
        double mean = sum / n;
        return Math.sqrt(Math.max(0, sumSq / n - mean * mean));
    }

    private static void assertSignature(ValueInfoProto value, Map<String, Object> expected) {
        assertThat(value.getName()).isEqualTo(expected.get("name"));
        assertThat(value.getType().getTensorType().getElemType()).isEqualTo(DataType.FLOAT.onnxCode());
        List<Object> dims = value.getType().getTensorType().getShape().getDimList().stream()
            .map(d -> d.getValueCase() == TensorShapeProto.Dimension.ValueCase.DIM_PARAM ? (Object) d.getDimParam() : (Object) d.getDimValue())
            .toList();
        assertThat(dims).as("shape of " + value.getName()).isEqualTo(expected.get("shape"));
    }

    private static Map<String, Object> entry(Architecture architecture) {
        return object(manifest.get(architecture.modelName()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value) {
        return (Map<String, Object>) value;
    }

    private static Map<String, Long> longs(Object value) {
        return object(value).entrySet().stream()
            .collect(Collectors.toMap(Map.Entry::getKey, e -> (Long) e.getValue(), (a, b) -> a, LinkedHashMap::new));
    }

    private static Map<String, Integer> ints(Object value) {
        return object(value).entrySet().stream()
            .collect(Collectors.toMap(Map.Entry::getKey, e -> ((Long) e.getValue()).intValue(), (a, b) -> a, LinkedHashMap::new));
    }
}
