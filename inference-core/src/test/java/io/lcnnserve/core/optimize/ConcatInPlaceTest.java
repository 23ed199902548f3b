package io.lcnnserve.core.optimize;

import static io.lcnnserve.core.optimize.TestGraph.assertSameOutputs;
import static io.lcnnserve.core.optimize.TestGraph.opTypes;
import static org.assertj.core.api.Assertions.assertThat;

import io.lcnnserve.core.graph.Graph;
import io.lcnnserve.core.ops.TensorInfo;
import io.lcnnserve.core.plan.ExecutionPlan;
import io.lcnnserve.core.plan.MemoryPlan;
import io.lcnnserve.core.runtime.GraphModels;
import io.lcnnserve.core.tensor.DataType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The concat-in-place pass and the memory plan placing a Concat's inputs inside its output. */
class ConcatInPlaceTest {
    private final ConcatInPlace pass = new ConcatInPlace();

    /** A SqueezeNet fire module's expand: two convs of one input, concatenated on channels, then read by a Relu. */
    private static TestGraph fire(int batch) {
        return new TestGraph().input("x", batch, 13, 6, 7).weights("w1", 1, 24, 13, 1, 1).weights("w3", 2, 13, 13, 3, 3)
            .node("Conv", List.of("x", "w1"), "a").node("Conv", List.of("x", "w3"), "b", Map.of("pads", new long[] {1, 1, 1, 1}))
            .node("Concat", List.of("a", "b"), "c", Map.of("axis", 1L)).node("Relu", List.of("c"), "y");
    }

    private static ExecutionPlan plan(Graph graph) {
        List<TensorInfo> inputs = graph.inputs().stream()
            .map(v -> TensorInfo.of(DataType.FLOAT, v.dims().stream().mapToInt(d -> d.value()).toArray())).toList();
        return GraphModels.of("test", graph).plan(false, inputs);
    }

    private static int slot(ExecutionPlan plan, String name) {
        for (int s = 0; s < plan.slotCount(); s++) {
            if (plan.slotName(s).equals(name)) {
                return s;
            }
        }
        throw new AssertionError("no slot " + name);
    }

    @Test
    void producersOfABatchOneChannelConcatWriteIntoItsBuffer() {
        Graph before = fire(1).output("y").build();

        Graph after = pass.apply(new UseKernelOps().apply(before));

        assertThat(opTypes(after)).containsExactly("FusedConv", "FusedConv", "InPlaceConcat", "Relu");
        ExecutionPlan plan = plan(after);
        MemoryPlan memory = plan.memoryPlan();
        int a = slot(plan, "a");
        int b = slot(plan, "b");
        int c = slot(plan, "c");
        assertThat(memory.bufferOf(a)).isEqualTo(memory.bufferOf(c)).isEqualTo(memory.bufferOf(b));
        assertThat(memory.offsetOf(a)).isZero();
        assertThat(memory.offsetOf(b)).isEqualTo(24 * 6 * 7);
        assertThat(memory.offsetOf(c)).isZero();
        assertThat(memory.arenaBytes()).isLessThan(plan(before).memoryPlan().arenaBytes());
        assertSameOutputs(before, after, 1);
    }

    @Test
    void nestedConcatsResolveToTheOutermostBuffer() {
        Graph before = fire(1).node("Sigmoid", List.of("x"), "s")
            .node("Concat", List.of("s", "c"), "outer", Map.of("axis", 1L)).node("Tanh", List.of("outer"), "z")
            .output("z").output("y").build();

        Graph after = pass.apply(before);
        ExecutionPlan plan = plan(after);
        MemoryPlan memory = plan.memoryPlan();

        int outer = slot(plan, "outer");
        assertThat(memory.bufferOf(slot(plan, "b"))).isEqualTo(memory.bufferOf(outer));
        assertThat(memory.offsetOf(slot(plan, "s"))).isZero();
        assertThat(memory.offsetOf(slot(plan, "c"))).isEqualTo(13 * 6 * 7);
        assertThat(memory.offsetOf(slot(plan, "b"))).isEqualTo(13 * 6 * 7 + 24 * 6 * 7);
        assertSameOutputs(before, after, 2);
    }

    @Test
    void batchesAboveOneAreCopiedAsUsual() {
        Graph before = fire(3).output("y").build();

        Graph after = pass.apply(before);
        ExecutionPlan plan = plan(after);

        assertThat(plan.memoryPlan().bufferOf(slot(plan, "a"))).isNotEqualTo(plan.memoryPlan().bufferOf(slot(plan, "c")));
        assertSameOutputs(before, after, 3);
    }

    @Test
    void graphInputsGraphOutputsAndRepeatedInputsStayInTheirOwnMemory() {
        Graph before = new TestGraph().input("x", 1, 4, 3, 3).node("Relu", List.of("x"), "r").node("Sigmoid", List.of("x"), "s")
            .node("Concat", List.of("x", "r", "s", "s"), "c", Map.of("axis", 1L)).node("Tanh", List.of("c"), "y")
            .output("y").output("r").build();

        Graph after = pass.apply(before);
        ExecutionPlan plan = plan(after);
        MemoryPlan memory = plan.memoryPlan();

        int c = slot(plan, "c");
        assertThat(memory.bufferOf(slot(plan, "x"))).isEqualTo(-1);
        assertThat(memory.bufferOf(slot(plan, "r"))).isEqualTo(-1);
        assertThat(memory.bufferOf(slot(plan, "s"))).isNotEqualTo(memory.bufferOf(c));
        assertSameOutputs(before, after, 4);
    }

    @Test
    void aPlacedValueReadAgainAfterTheConcatKeepsItsValue() {
        Graph before = fire(1).node("Mul", List.of("y", "y"), "yy").node("Conv", List.of("a", "w1b"), "late")
            .weights("w1b", 5, 13 + 24, 24, 1, 1).node("Concat", List.of("yy", "late"), "z", Map.of("axis", 1L))
            .output("z").build();

        Graph after = pass.apply(before);
        ExecutionPlan plan = plan(after);

        assertThat(plan.memoryPlan().bufferOf(slot(plan, "a"))).isEqualTo(plan.memoryPlan().bufferOf(slot(plan, "c")));
        assertSameOutputs(before, after, 5);
    }

    @Test
    void theConcatOutputMayBeAGraphOutputWithoutPlacingItsInputs() {
        Graph before = fire(1).output("c").build();

        Graph after = pass.apply(before);
        ExecutionPlan plan = plan(after);

        assertThat(plan.memoryPlan().bufferOf(slot(plan, "a"))).isNotEqualTo(-1);
        assertThat(plan.memoryPlan().bufferOf(slot(plan, "c"))).isEqualTo(-1);
        assertSameOutputs(before, after, 6);
    }
}
