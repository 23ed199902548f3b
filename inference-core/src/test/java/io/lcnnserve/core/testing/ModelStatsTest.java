package io.lcnnserve.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.testing.CnnBlocks.Activation;
import io.lcnnserve.core.testing.CnnBlocks.Conv;
import io.lcnnserve.core.testing.CnnBlocks.Feature;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelStatsTest {
    @Test
    void countsParamsMacsAndOpsOfASmallNet() {
        OnnxBuilder graph = OnnxBuilder.graph("small");
        graph.input("x", DataType.FLOAT, "N", 3, 8, 8);
        CnnBlocks b = new CnnBlocks(graph, new SeededParameters(1));
        Feature x = b.convBnAct("stem", new Feature("x", 3, 8, 8), Conv.of(8, 3).stride(2), 1e-5f, Activation.RELU);
        x = b.conv("dw", x, Conv.of(8, 3).group(8).withBias());
        b.gemm("fc", b.flatten("flat", b.globalAveragePool("gap", x)), 10);

        ModelStats stats = ModelStats.of(graph.toModel(), Map.of("x", new int[] {2, 3, 8, 8}));

        // stem conv 8x3x3x3 = 216, BN scale+bias 16, depthwise 72 + 8 bias, fc 80 + 10 bias
        assertThat(stats.params()).isEqualTo(216 + 16 + 80 + 80 + 10);
        assertThat(stats.bnBuffers()).isEqualTo(16);
        // batch 2, 4x4 outputs: stem 2*8*16*27, depthwise 2*8*16*9, fc 2*10*8
        assertThat(stats.macsPerOp()).containsExactly(Map.entry("Conv", 2L * 8 * 16 * 27 + 2L * 8 * 16 * 9), Map.entry("Gemm", 160L));
        assertThat(stats.macs()).isEqualTo(6912 + 2304 + 160);
        assertThat(stats.nodes()).isEqualTo(7);
        assertThat(stats.opCounts()).containsEntry("Conv", 2).containsEntry("Relu", 1).containsEntry("Gemm", 1);
    }

    @Test
    void unknownOperatorNamesTheNode() {
        OnnxBuilder graph = OnnxBuilder.graph("odd");
        graph.input("x", DataType.FLOAT, 1, 4);
        graph.node("Einsum").name("mystery").inputs("x").add();

        assertThatThrownBy(() -> ModelStats.of(graph.toModel(), Map.of("x", new int[] {1, 4})))
            .hasMessageContaining("node 'mystery' (Einsum)").hasMessageContaining("no shape rule");
    }
}
