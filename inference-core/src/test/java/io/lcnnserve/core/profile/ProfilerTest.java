package io.lcnnserve.core.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lcnnserve.core.runtime.Model;
import io.lcnnserve.core.runtime.Session;
import io.lcnnserve.core.runtime.SessionOptions;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import io.lcnnserve.core.testing.BundledModels;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Per-layer profiles and the static analysis on the real MobileNetV2. */
class ProfilerTest {
    private static Model mobilenetV2;

    @BeforeAll
    static void load() {
        mobilenetV2 = BundledModels.load("mobilenet_v2_1.0_224");
    }

    @Test
    void staticAnalysisSumsToThePublishedMacsAndParams() {
        List<LayerCost> layers = StaticAnalysis.layers(mobilenetV2, 1, false);
        long macs = layers.stream().mapToLong(LayerCost::macs).sum();
        long params = layers.stream().mapToLong(LayerCost::params).sum();
        // MobileNetV2 1.0/224: ~300M MACs, 3.5M params. The model card counts 3,489,099 float
        // initializer values (BN folded): conv/linear weights and biases plus the two Clip bounds.
        assertThat(macs).isBetween(290_000_000L, 310_000_000L);
        assertThat(params).isEqualTo(3_489_099L - 2);
        LayerCost first = layers.get(0);
        assertThat(first.opType()).isEqualTo("Conv");
        assertThat(first.inputShapes().get(0)).containsExactly(1, 3, 224, 224);
        assertThat(first.outputShapes().get(0)).containsExactly(1, 32, 112, 112);
        assertThat(first.macs()).isEqualTo(32L * 112 * 112 * 3 * 3 * 3);
        assertThat(first.bytesWritten()).isEqualTo(32L * 112 * 112 * 4);
    }

    @Test
    void layerTimesAddUpToTheMeasuredRunTime() {
        try (Session s = mobilenetV2.newSession(SessionOptions.defaults().withProfiling(true))) {
            Tensor input = Tensor.zeros(DataType.FLOAT, 1, 3, 224, 224);
            s.run(Map.of("input", input));
            s.resetProfile();
            for (int i = 0; i < 3; i++) {
                s.run(Map.of("input", input));
            }
            Profile p = s.profile().orElseThrow();
            assertThat(p.runs()).isEqualTo(3);
            assertThat(p.layersMeanMs()).isCloseTo(p.runMeanMs(), within(p.runMeanMs() * 0.10));
            assertThat(p.layers().stream().mapToDouble(LayerProfile::share).sum()).isCloseTo(1.0, within(1e-9));
            LayerProfile slowest = p.byTime().get(0);
            assertThat(slowest.p99Ms()).isGreaterThanOrEqualTo(slowest.p50Ms());
            assertThat(p.totalMacs()).isBetween(290_000_000L, 310_000_000L);
        }
    }

    @Test
    void jsonAndChromeTraceNameEveryLayer() {
        try (Session s = mobilenetV2.newSession(SessionOptions.defaults().withProfiling(true))) {
            s.run(Map.of("input", Tensor.zeros(DataType.FLOAT, 1, 3, 224, 224)));
            Profile p = s.profile().orElseThrow();
            String json = p.toJson();
            assertThat(json).startsWith("{\"model\":\"mobilenet_v2_1.0_224\",\"runs\":1,")
                .contains("\"op\":\"FusedConv\"").contains("\"output_shapes\":[[1,32,112,112]]")
                .containsPattern("\"onnx_nodes\":\\[\"conv_\\d+\",\"clip_\\d+\"\\]");
            String trace = p.toChromeTrace();
            assertThat(trace).startsWith("{\"displayTimeUnit\":\"ms\",\"traceEvents\":[{\"name\":")
                .contains("\"ph\":\"X\"");
            assertThat(trace.split("\"ph\":\"X\"", -1)).hasSize(p.layers().size() + 1);
        }
    }

    @Test
    void sessionsWithoutProfilingReportNothing() {
        try (Session s = mobilenetV2.newSession()) {
            s.run(Map.of("input", Tensor.zeros(DataType.FLOAT, 1, 3, 224, 224)));
            assertThat(s.profile()).isEmpty();
        }
    }
}
