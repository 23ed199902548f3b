package io.lcnnserve.core.ops.pool;

import static io.lcnnserve.core.ops.spatial.SpatialTesting.assertValues;
import static io.lcnnserve.core.ops.spatial.SpatialTesting.attributes;
import static io.lcnnserve.core.ops.spatial.SpatialTesting.iota;
import static io.lcnnserve.core.ops.spatial.SpatialTesting.op;
import static io.lcnnserve.core.ops.spatial.SpatialTesting.runSingle;
import static io.lcnnserve.core.ops.spatial.SpatialTesting.shape;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lcnnserve.core.ops.Op;
import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.ops.TensorInfo;
import io.lcnnserve.core.tensor.DataType;
import java.util.List;
import org.junit.jupiter.api.Test;

class GlobalAveragePoolTest {
    private static final Op GLOBAL_AVERAGE_POOL = op("GlobalAveragePool", 1, attributes(), 1, 1);

    @Test
    void averagesEachChannelOverAllSpatialCells() {
        assertValues(runSingle(GLOBAL_AVERAGE_POOL, iota(2, 2, 2, 3)), shape(2, 2, 1, 1), 2.5f, 8.5f, 14.5f, 20.5f);
    }

    @Test
    void keepsOneCellPerSpatialAxisOfAnyRank() {
        assertValues(runSingle(GLOBAL_AVERAGE_POOL, iota(1, 1, 4)), shape(1, 1, 1), 1.5f);
        assertValues(runSingle(GLOBAL_AVERAGE_POOL, iota(1, 1, 2, 2, 2)), shape(1, 1, 1, 1, 1), 3.5f);
    }

    @Test
    void rejectsInputsWithoutSpatialAxes() {
        assertThrows(OpException.class, () -> GLOBAL_AVERAGE_POOL.inferOutputs(List.of(TensorInfo.of(DataType.FLOAT, 1, 8))));
    }

    @Test
    void rejectsNonFloatInputs() {
        assertThrows(OpException.class,
            () -> GLOBAL_AVERAGE_POOL.inferOutputs(List.of(TensorInfo.of(DataType.INT64, 1, 8, 2, 2))));
    }

    @Test
    void rejectsAnyAttribute() {
        assertThrows(OpException.class, () -> op("GlobalAveragePool", 1, attributes("keepdims", 1), 1, 1));
    }
}
