package io.lcnnserve.core.ops.pool;

import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.ops.TensorInfo;
import io.lcnnserve.core.ops.spatial.SpatialShapes;
import io.lcnnserve.core.tensor.DataType;
import java.util.Arrays;

/** Shape rule of GlobalAveragePool and GlobalMaxPool. */
final class GlobalPooling {
    private GlobalPooling() {
    }

    /** (N, C, 1, ..., 1) for a float32 X (N, C, D1...) with non-empty spatial planes. */
    static TensorInfo outputInfo(TensorInfo x) {
        int[] spatial = SpatialShapes.requireSpatialFloat(x, "X");
        if (Arrays.stream(spatial).anyMatch(d -> d == 0)) {
            throw new OpException("input X " + Arrays.toString(x.shape()) + " has an empty spatial axis to pool over");
        }
        int[] shape = x.shape();
        Arrays.fill(shape, 2, shape.length, 1);
        return TensorInfo.of(DataType.FLOAT, shape);
    }
}
