package io.lcnnserve.core.ops.elementwise;

import static io.lcnnserve.core.ops.RandomTensors.uniform;
import static org.assertj.core.api.Assertions.assertThat;

import io.lcnnserve.core.kernels.Activation;
import io.lcnnserve.core.kernels.parallel.Parallel;
import io.lcnnserve.core.ops.ExecutionContext;
import io.lcnnserve.core.ops.OpHarness;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class FusedAddTest {

    private static float[] referenceThen(Activation activation, Tensor a, Tensor b) {
        float[] sum = OpHarness.run1(OpHarness.create("Add", 14, 2, Map.of()), a, b).toFloatArray();
        for (int i = 0; i < sum.length; i++) {
            sum[i] = activation.apply(sum[i]);
        }
        return sum;
    }

    private static FusedAdd fused(Activation activation) {
        return FusedAdd.create(OpHarness.create("Add", 14, 2, Map.of()), activation);
    }

    @Test
    void sameShapeInputsAreAddedAndActivatedOnTheVectorPath() {
        Tensor a = uniform(1, 2f, 3, 13, 7, 11);
        Tensor b = uniform(2, 2f, 3, 13, 7, 11);
        for (Activation activation : new Activation[] {Activation.none(), Activation.relu6(), Activation.hardSwish()}) {
            assertThat(OpHarness.run1(fused(activation), a, b).toFloatArray())
                .containsExactly(referenceThen(activation, a, b), Offset.offset(1e-6f));
        }
    }

    @Test
    void broadcastingInputsFallBackToTheReferenceAddThenTheActivation() {
        Tensor a = uniform(1, 2f, 2, 24, 5, 5);
        Tensor b = uniform(2, 2f, 1, 24, 1, 1);
        assertThat(OpHarness.run1(fused(Activation.relu()), a, b).toFloatArray())
            .containsExactly(referenceThen(Activation.relu(), a, b), Offset.offset(1e-6f));
    }

    @Test
    void aSingleElementOperandIsAddedToEveryElementInEitherOrder() {
        Tensor a = uniform(3, 2f, 1, 24, 1, 1);
        Tensor three = Tensor.of(new float[] {3f}, 1);
        assertThat(OpHarness.run1(fused(Activation.relu6()), a, three).toFloatArray())
            .containsExactly(referenceThen(Activation.relu6(), a, three), Offset.offset(1e-6f));
        assertThat(OpHarness.run1(fused(Activation.relu6()), three, a).toFloatArray())
            .containsExactly(referenceThen(Activation.relu6(), three, a), Offset.offset(1e-6f));
    }

    @Test
    void integerInputsUseTheReferenceAdd() {
        Tensor a = Tensor.ofLongs(new long[] {1, 2, 3}, 3);
        Tensor b = Tensor.ofLongs(new long[] {10, 20, 30}, 3);
        assertThat(OpHarness.run1(fused(Activation.none()), a, b).toLongArray()).containsExactly(11, 22, 33);
    }

    @Test
    void largeInputsSplitAcrossThreadsGiveTheSameSum() {
        Tensor a = uniform(1, 2f, 1, 24, 56, 56);
        Tensor b = uniform(2, 2f, 1, 24, 56, 56);
        Tensor y = Tensor.zeros(DataType.FLOAT, 1, 24, 56, 56);
        try (Parallel two = Parallel.fixedThreads(2)) {
            fused(Activation.relu()).eval(new Tensor[] {a, b}, new Tensor[] {y}, new ExecutionContext(two));
        }
        assertThat(y.toFloatArray()).containsExactly(referenceThen(Activation.relu(), a, b), Offset.offset(1e-6f));
    }
}
