package io.lcnnserve.core.ops.pool;

import static io.lcnnserve.core.ops.spatial.SpatialTesting.assertValues;
import static io.lcnnserve.core.ops.spatial.SpatialTesting.attributes;
import static io.lcnnserve.core.ops.spatial.SpatialTesting.iota;
import static io.lcnnserve.core.ops.spatial.SpatialTesting.op;
import static io.lcnnserve.core.ops.spatial.SpatialTesting.runSingle;
import static io.lcnnserve.core.ops.spatial.SpatialTesting.shape;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lcnnserve.core.ops.Op;
import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.ops.TensorInfo;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class GlobalMaxPoolTest {
    private static final Op GLOBAL_MAX_POOL = op("GlobalMaxPool", 1, attributes(), 1, 1);

    @Test
    void takesTheMaximumOfEachChannel() {
        Tensor x = Tensor.of(new float[] {-5, -2, -9, -3, 1, 7, 0, 2}, 1, 2, 2, 2);
        assertValues(runSingle(GLOBAL_MAX_POOL, x), shape(1, 2, 1, 1), -2, 7);
    }

    @Test
    void keepsOneCellPerSpatialAxisOfAnyRank() {
        assertValues(runSingle(GLOBAL_MAX_POOL, iota(2, 1, 3)), shape(2, 1, 1), 2, 5);
        assertValues(runSingle(GLOBAL_MAX_POOL, iota(1, 1, 2, 2, 2)), shape(1, 1, 1, 1, 1), 7);
    }

    @Test
    void nanPropagates() {
        Tensor y = runSingle(GLOBAL_MAX_POOL, Tensor.of(new float[] {1, Float.NaN, 3}, 1, 1, 3));
        assertTrue(Float.isNaN(y.floats()[0]));
    }

    @Test
    void rejectsInputsWithoutSpatialAxes() {
        assertThrows(OpException.class, () -> GLOBAL_MAX_POOL.inferOutputs(List.of(TensorInfo.of(DataType.FLOAT, 1, 8))));
    }

    @Test
    void rejectsAnEmptySpatialPlane() {
        assertThrows(OpException.class, () -> GLOBAL_MAX_POOL.inferOutputs(List.of(TensorInfo.of(DataType.FLOAT, 1, 8, 0))));
    }
}
