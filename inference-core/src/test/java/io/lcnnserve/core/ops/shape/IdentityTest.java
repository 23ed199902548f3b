package io.lcnnserve.core.ops.shape;

import static io.lcnnserve.core.ops.OpHarness.assertTensor;
import static io.lcnnserve.core.ops.OpHarness.iota;
import static io.lcnnserve.core.ops.OpHarness.shape;

import io.lcnnserve.core.ops.OpHarness;
import io.lcnnserve.core.tensor.DataType;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class IdentityTest {

    @ParameterizedTest
    @EnumSource(DataType.class)
    void copiesEveryElementType(DataType type) {
        var op = OpHarness.create("Identity", 16, 1, 1, Map.of());
        var out = OpHarness.of(op).input(iota(type, 2, 1)).runSingle();
        assertTensor(out, type, shape(2, 1), 0, 1);
    }
}
