package io.lcnnserve.core.runtime;

import static io.lcnnserve.core.kernels.KernelAssertions.assertClose;
import static org.assertj.core.api.Assertions.assertThat;

import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import io.lcnnserve.core.testing.OnnxBuilder;
import io.lcnnserve.core.testing.SyntheticModels;
import io.lcnnserve.core.testing.SyntheticModels.Architecture;
import io.lcnnserve.core.testing.SyntheticModels.SyntheticModel;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * A batch split into per-thread single-threaded shares, run a few images at a time, gives the same
 * outputs as one thread on the whole batch, and graphs that mix images or fix the batch are never
 * split.
 */
class BatchSplitTest {
    private static final SessionOptions ONE = SessionOptions.defaults();
    private static final SessionOptions TWO = SessionOptions.defaults().withIntraOpThreads(2);

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void everyArchitectureGivesTheOneThreadResultOnEvenAndUnevenBatches(Architecture architecture) {
        SyntheticModel synthetic = SyntheticModels.get(architecture);
        Model model = OnnxModels.load(synthetic.bytes(), architecture.name());
        try (Session one = new Session(model, ONE, false); Session two = model.newSession(TWO)) {
            for (int batch : new int[] {4, 3}) {
                Map<String, Tensor> input = Map.of(synthetic.inputName(), synthetic.sampleInput(batch));
                // The op zoo's Slice could cut or reverse the batch axis, so it keeps per-layer threads.
                assertThat(two.splitsBatch(input)).as("batch %d splits", batch)
                    .isEqualTo(architecture != Architecture.OPS_ZOO);
                float[] expected = one.run(input).get(synthetic.outputName()).toFloatArray();
                Tensor split = two.run(input).get(synthetic.outputName());
                assertThat(split.dim(0)).isEqualTo(batch);
                assertClose(architecture + " batch " + batch, expected, split.toFloatArray(), 1e-4f);
                Tensor into = Tensor.zeros(DataType.FLOAT, split.shape());
                two.run(input, Map.of(synthetic.outputName(), into));
                assertClose(architecture + " batch " + batch + " into the caller's tensor", expected, into.toFloatArray(),
                    1e-4f);
            }
        }
    }

    @Test
    void oneThreadRunsABatchTwoImagesAtATime() {
        SyntheticModel synthetic = SyntheticModels.get(Architecture.MOBILENET_V3_SMALL);
        Model model = OnnxModels.load(synthetic.bytes(), "mobilenet_v3_small");
        try (Session whole = new Session(model, ONE, false); Session one = model.newSession(ONE)) {
            Map<String, Tensor> pair = Map.of(synthetic.inputName(), synthetic.sampleInput(BatchSplit.IMAGES_PER_RUN));
            assertThat(one.splitsBatch(pair)).as("a batch of one run is run whole").isFalse();
            for (int batch : new int[] {5, 8}) {
                Map<String, Tensor> input = Map.of(synthetic.inputName(), synthetic.sampleInput(batch));
                assertThat(one.splitsBatch(input)).as("batch %d splits", batch).isTrue();
                float[] expected = whole.run(input).get(synthetic.outputName()).toFloatArray();
                Tensor into = Tensor.zeros(DataType.FLOAT, new int[] {batch, expected.length / batch});
                one.run(input, Map.of(synthetic.outputName(), into));
                assertClose("batch " + batch, expected, into.toFloatArray(), 1e-4f);
                whole.run(input);
                assertThat(one.arenaBytes()).as("arenas for two images, not the batch").isLessThan(whole.arenaBytes());
            }
        }
    }

    @Test
    void oneImageOnTwoThreadsIsNotSplitAndArenasCountTheShares() {
        SyntheticModel synthetic = SyntheticModels.get(Architecture.MOBILENET_V2);
        Model model = OnnxModels.load(synthetic.bytes(), "mobilenet_v2");
        try (Session two = model.newSession(TWO)) {
            assertThat(two.splitsBatch(Map.of(synthetic.inputName(), synthetic.sampleInput(1)))).isFalse();
            two.run(Map.of(synthetic.inputName(), synthetic.sampleInput(1)));
            long single = two.arenaBytes();
            two.run(Map.of(synthetic.inputName(), synthetic.sampleInput(4)));
            assertThat(two.arenaBytes()).as("two shares of 2 images each").isGreaterThan(single);
        }
        try (Session profiled = model.newSession(TWO.withProfiling(true))) {
            assertThat(profiled.splitsBatch(Map.of(synthetic.inputName(), synthetic.sampleInput(4))))
                .as("a profile times whole layers").isFalse();
        }
    }

    @Test
    void fixedBatchSignatureIsNotSplit() {
        OnnxBuilder b = OnnxBuilder.graph("fixed-batch").opset(13);
        b.input("x", DataType.FLOAT, 4, 2);
        b.node("Relu").inputs("x").outputs("y").add();
        b.output("y", DataType.FLOAT, 4, 2);
        Model model = OnnxModels.load(b.toBytes(), "fixed-batch");
        Tensor x = Tensor.of(new float[] {-1, 1, -2, 2, -3, 3, -4, 4}, 4, 2);
        try (Session two = model.newSession(TWO)) {
            assertThat(two.splitsBatch(Map.of("x", x))).isFalse();
            assertThat(two.run(Map.of("x", x)).get("y").toFloatArray()).containsExactly(0, 1, 0, 2, 0, 3, 0, 4);
        }
    }

    /** Softmax over the batch axis: each output depends on every image. */
    @Test
    void softmaxAcrossImagesIsNotSplit() {
        OnnxBuilder b = OnnxBuilder.graph("batch-softmax").opset(13);
        b.input("x", DataType.FLOAT, "N", 3);
        b.node("Softmax").inputs("x").outputs("y").attr("axis", 0L).add();
        b.output("y", DataType.FLOAT, "N", 3);
        Model model = OnnxModels.load(b.toBytes(), "batch-softmax");
        Tensor x = Tensor.of(new float[] {0, 1, 2, 1, 1, 1, 2, 1, 0, 3, 0, 1}, 4, 3);
        try (Session two = model.newSession(TWO)) {
            assertThat(two.splitsBatch(Map.of("x", x))).isFalse();
            float[] y = two.run(Map.of("x", x)).get("y").toFloatArray();
            for (int column = 0; column < 3; column++) {
                assertThat(y[column] + y[3 + column] + y[6 + column] + y[9 + column]).isCloseTo(1f,
                    org.assertj.core.data.Offset.offset(1e-6f));
            }
        }
    }

    /** A Reshape to a fixed leading 2 plans for any batch of even size but moves values between images. */
    @ParameterizedTest
    @ValueSource(ints = {2, 4})
    void reshapeToFixedBatchIsNotSplit(int batch) {
        OnnxBuilder b = OnnxBuilder.graph("fixed-reshape").opset(13);
        b.input("x", DataType.FLOAT, "N", 4);
        String shape = b.int64s("shape", 2, -1);
        b.node("Reshape").inputs("x", shape).outputs("r").add();
        b.node("Relu").inputs("r").outputs("y").add();
        b.output("y", DataType.FLOAT, 2, "M");
        Model model = OnnxModels.load(b.toBytes(), "fixed-reshape");
        float[] values = new float[batch * 4];
        for (int i = 0; i < values.length; i++) {
            values[i] = i % 3 == 0 ? -i : i;
        }
        try (Session two = model.newSession(TWO)) {
            Map<String, Tensor> input = Map.of("x", Tensor.of(values, batch, 4));
            assertThat(two.splitsBatch(input)).isFalse();
            Tensor y = two.run(input).get("y");
            assertThat(y.shape()).containsExactly(2, batch * 2);
            for (int i = 0; i < values.length; i++) {
                assertThat(y.floats()[y.offset() + i]).isEqualTo(Math.max(0f, values[i]));
            }
        }
    }
}
