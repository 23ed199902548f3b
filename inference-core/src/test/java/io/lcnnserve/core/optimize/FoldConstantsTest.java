package io.lcnnserve.core.optimize;

import static io.lcnnserve.core.optimize.TestGraph.assertSameOutputs;
import static io.lcnnserve.core.optimize.TestGraph.opTypes;
import static org.assertj.core.api.Assertions.assertThat;

import io.lcnnserve.core.graph.Graph;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FoldConstantsTest {
    private final FoldConstants pass = new FoldConstants();

    @Test
    void dequantizedWeightsBecomeAFloatInitializer() {
        byte[] quantized = new byte[8 * 3 * 3 * 3];
        for (int i = 0; i < quantized.length; i++) {
            quantized[i] = (byte) (i * 37 % 255 - 127);
        }
        Graph before = new TestGraph().input("x", 2, 3, 7, 7)
            .initializer("wq", Tensor.ofBytes(DataType.INT8, quantized, 8, 3, 3, 3))
            .initializer("scale", Tensor.of(new float[] {0.02f, 0.03f, 0.01f, 0.05f, 0.04f, 0.02f, 0.03f, 0.01f}, 8))
            .initializer("zero", Tensor.ofBytes(DataType.INT8, new byte[8], 8))
            .node("DequantizeLinear", List.of("wq", "scale", "zero"), "w", Map.of("axis", 0L))
            .node("Conv", List.of("x", "w"), "y").output("y").build();

        Graph after = pass.apply(before);

        assertThat(opTypes(after)).containsExactly("Conv");
        Tensor w = after.initializers().get("w");
        assertThat(w.type()).isEqualTo(DataType.FLOAT);
        assertThat(w.shape()).containsExactly(8, 3, 3, 3);
        assertThat(w.floats()[27 + 1]).isEqualTo(quantized[27 + 1] * 0.03f);
        assertSameOutputs(before, after, 1);
    }

    @Test
    void chainsOfConstantNodesFoldInOnePass() {
        Graph before = new TestGraph().input("x", 2, 6)
            .node("Constant", 13, List.of(), List.of("k"), Map.of("value", Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 6)))
            .node("Relu", List.of("k"), "r").node("Mul", List.of("r", "r"), "k2")
            .node("Add", List.of("x", "k2"), "y").output("y").build();

        Graph after = pass.apply(before);

        assertThat(opTypes(after)).containsExactly("Add");
        assertThat(after.initializers().get("k2").toFloatArray()).containsExactly(1, 4, 9, 16, 25, 36);
        assertSameOutputs(before, after, 2);
    }

    @Test
    void nodesReadingAGraphInputStay() {
        Graph before = new TestGraph().input("x", 4).node("Relu", List.of("x"), "y").output("y").build();

        assertThat(pass.apply(before)).isSameAs(before);
    }

    @Test
    void aNodeTheOpRejectsStaysForThePlannerToReport() {
        Graph before = new TestGraph().input("x", 2, 3).weights("a", 1, 2, 3).weights("b", 2, 4, 5)
            .node("MatMul", List.of("a", "b"), "m").node("Add", List.of("x", "m"), "y").output("y").build();

        assertThat(opTypes(pass.apply(before))).containsExactly("MatMul", "Add");
    }
}
