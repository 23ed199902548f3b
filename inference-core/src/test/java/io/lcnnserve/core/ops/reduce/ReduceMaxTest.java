package io.lcnnserve.core.ops.reduce;

import static io.lcnnserve.core.ops.OpHarness.assertTensor;
import static io.lcnnserve.core.ops.OpHarness.longs;
import static io.lcnnserve.core.ops.OpHarness.shape;
import static io.lcnnserve.core.ops.OpHarness.tensor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.lcnnserve.core.ops.Op;
import io.lcnnserve.core.ops.OpHarness;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReduceMaxTest {

    private static final Tensor DATA = tensor(DataType.FLOAT, shape(2, 3), 3, -1, 7, -5, 8, 2);

    private static Tensor max(Map<String, Object> attributes, Tensor input) {
        return OpHarness.of(OpHarness.create("ReduceMax", 13, 1, 1, attributes)).input(input).runSingle();
    }

    @Test
    void takesTheMaximumOfEachColumn() {
        assertTensor(max(Map.of("axes", new long[] {0}, "keepdims", 0L), DATA), DataType.FLOAT, shape(3), 3, 8, 7);
    }

    @Test
    void takesTheMaximumOfEachRow() {
        assertTensor(max(Map.of("axes", new long[] {-1}), DATA), DataType.FLOAT, shape(2, 1), 7, 8);
    }

    @Test
    void propagatesNaN() {
        var out = max(Map.of("keepdims", 0L), tensor(DataType.FLOAT, shape(3), 1, Double.NaN, 2));
        assertTensor(out, DataType.FLOAT, shape(), Double.NaN);
    }

    @Test
    void comparesInt64ValuesExactly() {
        var out = max(Map.of("keepdims", 0L), longs(Long.MAX_VALUE - 1, Long.MAX_VALUE, Long.MIN_VALUE));
        assertArrayEquals(new long[] {Long.MAX_VALUE}, out.longs());
    }

    @Test
    void readsUint8AsUnsigned() {
        var out = max(Map.of("keepdims", 0L), tensor(DataType.UINT8, shape(3), 200, 7, 100));
        assertTensor(out, DataType.UINT8, shape(), 200);
    }

    @Test
    void maximumOfAnEmptyAxisIsTheLowestValue() {
        assertTensor(max(Map.of("axes", new long[] {0}), Tensor.zeros(DataType.FLOAT, 0, 2)),
            DataType.FLOAT, shape(1, 2), Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY);
        assertTensor(max(Map.of("axes", new long[] {0}, "keepdims", 0L), Tensor.zeros(DataType.INT32, 0)),
            DataType.INT32, shape(), Integer.MIN_VALUE);
    }

    @Test
    void takesAxesFromTheConstantInputInOpset18() {
        Op op = OpHarness.create("ReduceMax", 18, 2, 1, Map.of("keepdims", 0L));
        var out = OpHarness.of(op).input(DATA).constant(longs(1)).runSingle();
        assertTensor(out, DataType.FLOAT, shape(2), 7, 8);
    }
}
