package io.lcnnserve.core.ops.pool;

import static io.lcnnserve.core.ops.spatial.SpatialTesting.assertValues;
import static io.lcnnserve.core.ops.spatial.SpatialTesting.attributes;
import static io.lcnnserve.core.ops.spatial.SpatialTesting.ints;
import static io.lcnnserve.core.ops.spatial.SpatialTesting.op;
import static io.lcnnserve.core.ops.spatial.SpatialTesting.run;
import static io.lcnnserve.core.ops.spatial.SpatialTesting.runSingle;
import static io.lcnnserve.core.ops.spatial.SpatialTesting.shape;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lcnnserve.core.ops.Op;
import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.ops.TensorInfo;
import io.lcnnserve.core.ops.OpHarness;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class MaxUnpoolTest {
    private static final Tensor POOLED = Tensor.of(new float[] {1, 2, 3, 4}, 1, 1, 2, 2);
    private static final Tensor INDICES = Tensor.ofLongs(new long[] {5, 7, 13, 15}, 1, 1, 2, 2);

    private static Op maxUnpool(int inputCount) {
        return op("MaxUnpool", 11, attributes("kernel_shape", ints(2, 2), "strides", ints(2, 2)), inputCount, 1);
    }

    @Test
    void writesEachValueAtItsIndexAndZerosElsewhere() {
        assertValues(runSingle(maxUnpool(2), POOLED, INDICES), shape(1, 1, 4, 4),
            0, 0, 0, 0,
            0, 1, 0, 2,
            0, 0, 0, 0,
            0, 3, 0, 4);
    }

    @Test
    void outputShapeAddsZerosAtTheEndWhileIndicesAddressTheUnpooledShape() {
        Tensor y = OpHarness.of(maxUnpool(3)).input(POOLED).input(INDICES)
            .constant(Tensor.ofLongs(new long[] {1, 1, 5, 5}, 4)).runSingle();
        assertValues(y, shape(1, 1, 5, 5),
            0, 0, 0, 0, 0,
            0, 1, 0, 2, 0,
            0, 0, 0, 0, 0,
            0, 3, 0, 4, 0,
            0, 0, 0, 0, 0);
    }

    @Test
    void invertsMaxPoolAtTheMaxima() {
        Tensor x = Tensor.of(new float[] {1, 8, 2, 0, 3, 4, 9, 5, 6, 7, 1, 2}, 1, 2, 2, 3);
        Tensor[] pooled = run(op("MaxPool", 12, attributes("kernel_shape", ints(1, 3)), 1, 2), x);
        Tensor y = runSingle(op("MaxUnpool", 11, attributes("kernel_shape", ints(1, 3)), 2, 1), pooled[0], pooled[1]);
        assertValues(y, shape(1, 2, 2, 3), 0, 8, 0, 0, 0, 4, 9, 0, 0, 7, 0, 0);
    }

    @Test
    void padsShrinkTheUnpooledShape() {
        Op op = op("MaxUnpool", 11, attributes("kernel_shape", ints(2), "strides", ints(2), "pads", ints(1, 1)), 2, 1);
        Tensor y = runSingle(op, Tensor.of(new float[] {7, 8}, 1, 1, 2), Tensor.ofLongs(new long[] {0, 1}, 1, 1, 2));
        assertValues(y, shape(1, 1, 2), 7, 8);
    }

    @Test
    void infersTheUnpooledShape() {
        List<TensorInfo> outputs = op("MaxUnpool", 9, attributes("kernel_shape", ints(3, 3), "strides", ints(2, 2)), 2, 1)
            .inferOutputs(List.of(TensorInfo.of(DataType.FLOAT, 2, 8, 5, 5), TensorInfo.of(DataType.INT64, 2, 8, 5, 5)));
        assertArrayEquals(shape(2, 8, 11, 11), outputs.get(0).shape());
    }

    @Test
    void rejectsAnIndexOutsideTheUnpooledShape() {
        Tensor indices = Tensor.ofLongs(new long[] {5, 7, 13, 16}, 1, 1, 2, 2);
        assertThrows(OpException.class, () -> runSingle(maxUnpool(2), POOLED, indices));
    }

    @Test
    void rejectsAnOutputShapeSmallerThanTheUnpooledShape() {
        OpHarness harness = OpHarness.of(maxUnpool(3)).input(POOLED).input(INDICES)
            .constant(Tensor.ofLongs(new long[] {1, 1, 3, 5}, 4));
        assertThrows(OpException.class, harness::infer);
    }

    @Test
    void rejectsAnOutputShapeWithOtherBatchOrChannels() {
        OpHarness harness = OpHarness.of(maxUnpool(3)).input(POOLED).input(INDICES)
            .constant(Tensor.ofLongs(new long[] {1, 2, 4, 4}, 4));
        assertThrows(OpException.class, harness::infer);
    }

    @Test
    void rejectsAnOutputShapeOnlyKnownAtRunTime() {
        OpHarness harness = OpHarness.of(maxUnpool(3)).input(POOLED).input(INDICES)
            .input(Tensor.ofLongs(new long[] {1, 1, 4, 4}, 4));
        assertThrows(OpException.class, harness::infer);
    }

    @Test
    void rejectsIndicesThatAreNotInt64OrNotShapedLikeX() {
        Op op = maxUnpool(2);
        assertThrows(OpException.class, () -> op.inferOutputs(List.of(TensorInfo.of(DataType.FLOAT, 1, 1, 2, 2),
            TensorInfo.of(DataType.INT32, 1, 1, 2, 2))));
        assertThrows(OpException.class, () -> op.inferOutputs(List.of(TensorInfo.of(DataType.FLOAT, 1, 1, 2, 2),
            TensorInfo.of(DataType.INT64, 1, 1, 4))));
    }

    @Test
    void rejectsModelsBeforeOpset9AndAttributesItDoesNotHave() {
        assertThrows(OpException.class, () -> op("MaxUnpool", 8, attributes("kernel_shape", ints(2)), 2, 1));
        assertThrows(OpException.class, () -> op("MaxUnpool", 11, attributes(), 2, 1), "kernel_shape is required");
        assertThrows(OpException.class,
            () -> op("MaxUnpool", 11, attributes("kernel_shape", ints(2), "auto_pad", "VALID"), 2, 1));
        assertThrows(OpException.class,
            () -> op("MaxUnpool", 11, attributes("kernel_shape", ints(2), "dilations", ints(1)), 2, 1));
    }
}
