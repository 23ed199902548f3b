package io.lcnnserve.core.ops.shape;

import static io.lcnnserve.core.ops.shape.OpHarness.assertTensor;
import static io.lcnnserve.core.ops.shape.OpHarness.iota;
import static io.lcnnserve.core.ops.shape.OpHarness.shape;

import io.lcnnserve.core.tensor.DataType;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class IdentityTest {

    @ParameterizedTest
    @EnumSource(DataType.class)
    void copiesEveryElementType(DataType type) {
        var op = OpHarness.create("Identity", 16, Map.of(), 1, 1);
        var out = OpHarness.of(op).input(iota(type, 2, 1)).runSingle();
        assertTensor(out, type, shape(2, 1), 0, 1);
    }
}
