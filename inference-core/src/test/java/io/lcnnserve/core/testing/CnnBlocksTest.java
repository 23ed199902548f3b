package io.lcnnserve.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import io.lcnnserve.core.testing.CnnBlocks.Activation;
import io.lcnnserve.core.testing.CnnBlocks.Conv;
import io.lcnnserve.core.testing.CnnBlocks.Feature;
import java.util.Arrays;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Each block's tracked result shape is the shape ONNX Runtime computes, and the blocks have the exported op patterns. */
class CnnBlocksTest {
    private static final Feature INPUT = new Feature("x", 16, 14, 14);

    /** Builds {@code block} on a [1, 16, 14, 14] input, runs it in ONNX Runtime, and checks the shape. */
    private static OnnxBuilder assertShape(BiFunction<CnnBlocks, Feature, Feature> block) {
        OnnxBuilder graph = OnnxBuilder.graph("block").opset(13);
        graph.input("x", DataType.FLOAT, 1, INPUT.channels(), INPUT.height(), INPUT.width());
        Feature y = block.apply(new CnnBlocks(graph, new SeededParameters(7)), INPUT);
        graph.output(y.value(), DataType.FLOAT);
        Tensor out = OrtOracle.runOnce(graph.toBytes(), Map.of("x", SyntheticImages.batch(3, 1, 16, 14, 14))).get(y.value());
        int[] expected = IntStream.concat(IntStream.of(1), Arrays.stream(y.dims())).toArray();
        assertThat(out.shape()).as("shape of " + y.value()).containsExactly(expected);
        return graph;
    }

    private static long count(OnnxBuilder graph, String opType) {
        return graph.nodes().stream().filter(n -> n.getOpType().equals(opType)).count();
    }

    @Test
    void convBnActWithTfSamePaddingHalvesAnEvenInput() {
        OnnxBuilder g = assertShape((b, x) -> b.convBnAct("c", x, Conv.of(24, 3).stride(2).pads(0, 0, 1, 1), 1e-3f, Activation.RELU6));
        assertThat(g.nodes()).extracting(n -> n.getOpType()).containsExactly("Conv", "BatchNormalization", "Clip");
        assertThat(g.nodes().getFirst().getInputCount()).as("conv before BN has no bias").isEqualTo(2);
        assertThat(g.nodes().get(2).getInputList()).containsExactly("c.bn", "const.zero", "const.six");
    }

    @Test
    void depthwiseSeparableBlockAtStrideTwo() {
        assertShape((b, x) -> b.depthwiseSeparable("d", x, 32, 2, new int[] {0, 0, 1, 1}, 1e-3f, Activation.RELU6));
    }

    @Test
    void invertedResidualAddsTheShortcutOnlyWhenShapesAgree() {
        OnnxBuilder same = assertShape((b, x) -> b.invertedResidual("r", x, 16, 1, 6, 1e-5f));
        OnnxBuilder strided = assertShape((b, x) -> b.invertedResidual("r", x, 24, 2, 6, 1e-5f));
        assertThat(count(same, "Add")).isEqualTo(1);
        assertThat(count(strided, "Add")).isZero();
        assertThat(count(same, "Conv")).isEqualTo(3);
    }

    @Test
    void mobileNetV3BlockWithSqueezeExciteAndHardSwish() {
        OnnxBuilder g = assertShape((b, x) -> b.mobileNetV3Block("m", x, 5, 64, 16, true, Activation.HARD_SWISH, 1, 1e-3f));
        assertThat(count(g, "HardSigmoid")).as("two h-swish plus the SE gate").isEqualTo(3);
        assertThat(count(g, "GlobalAveragePool")).isEqualTo(1);
        assertThat(count(g, "Add")).isEqualTo(1);
        assertThat(g.initializer("m.se.fc1.weight").getDims(0)).as("SE squeeze channels").isEqualTo(16);
    }

    @Test
    void fireModuleConcatenatesBothExpansions() {
        OnnxBuilder g = assertShape((b, x) -> b.fire("f", x, 8, 32, 32));
        assertThat(count(g, "Relu")).isEqualTo(3);
        assertThat(count(g, "Concat")).isEqualTo(1);
    }

    @Test
    void shuffleUnitsAtStrideOneAndTwo() {
        OnnxBuilder one = assertShape((b, x) -> b.shuffleUnit("s", x, 16, 1, 1e-5f));
        OnnxBuilder two = assertShape((b, x) -> b.shuffleUnit("s", x, 48, 2, 1e-5f));
        assertThat(count(one, "Split")).isEqualTo(1);
        assertThat(count(one, "Conv")).isEqualTo(3);
        assertThat(count(two, "Split")).isZero();
        assertThat(count(two, "Conv")).isEqualTo(5);
        assertThat(count(two, "Reshape")).isEqualTo(2);
    }

    @Test
    void ceilModeMaxPoolKeepsThePartialLastWindow() {
        assertShape((b, x) -> {
            Feature y = b.maxPool("p", x, 3, 2, new int[] {0, 0, 0, 0}, true);
            assertThat(y.height()).isEqualTo(7);
            return y;
        });
        assertThat(CnnBlocks.poolOutput(14, 3, 2, 0, 0, false)).isEqualTo(6);
    }

    @Test
    void classifierHeadFlattensAndAppliesGemm() {
        assertShape((b, x) -> b.gemm("fc", b.dropout("drop", b.flatten("flat", b.globalAveragePool("gap", x)), 0.2f), 10));
    }

    @Test
    void channelShuffleInterleavesTheGroups() {
        OnnxBuilder graph = OnnxBuilder.graph("shuffle").opset(13);
        graph.input("x", DataType.FLOAT, "N", 6, 1, 1);
        Feature y = new CnnBlocks(graph, new SeededParameters(1)).channelShuffle("s", new Feature("x", 6, 1, 1), 2);
        graph.output(y.value(), DataType.FLOAT, "N", 6, 1, 1);

        Tensor out = OrtOracle.runOnce(graph.toBytes(), Map.of("x", Tensor.of(new float[] {0, 1, 2, 3, 4, 5}, 1, 6, 1, 1))).get(y.value());

        assertThat(out.floats()).containsExactly(0, 3, 1, 4, 2, 5);
    }

    @Test
    void makeDivisibleFollowsTorchvision() {
        assertThat(CnnBlocks.makeDivisible(4, 8)).isEqualTo(8);
        assertThat(CnnBlocks.makeDivisible(18, 8)).isEqualTo(24);
        assertThat(CnnBlocks.makeDivisible(60, 8)).isEqualTo(64);
        assertThat(CnnBlocks.makeDivisible(240, 8)).isEqualTo(240);
    }
}
