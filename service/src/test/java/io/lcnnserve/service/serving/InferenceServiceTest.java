package io.lcnnserve.service.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.lcnnserve.core.tensor.Tensor;
import io.lcnnserve.store.config.ModelConfig;
import io.lcnnserve.store.config.InputConfig;
import org.junit.jupiter.api.Test;

class InferenceServiceTest {

    @Test
    void topIndicesAreLargestFirstWithTiesByIndex() {
        assertArrayEquals(new int[] {3, 1, 4}, InferenceService.topIndices(new float[] {0, 5, -1, 9, 5}, 3));
    }

    @Test
    void nhwcModelsGetTheNchwImageTransposed() {
        ModelConfig nhwc = ModelConfig.defaults("m").withInputSize(2, 1);
        nhwc = new ModelConfig(nhwc.name(), new InputConfig("x", InputConfig.NHWC, 2, 1), nhwc.preprocessing(),
            nhwc.output(), nhwc.batching(), 1, 1, nhwc.versionPolicy(), nhwc.expectedSha256());
        // [N=1, C=3, H=1, W=2]: planes R = {1, 2}, G = {3, 4}, B = {5, 6}
        Tensor nchw = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 1, 3, 1, 2);
        Tensor result = InferenceService.toModelLayout(nchw, nhwc);
        assertArrayEquals(new int[] {1, 1, 2, 3}, result.shape());
        assertArrayEquals(new float[] {1, 3, 5, 2, 4, 6}, result.toFloatArray());
    }

    @Test
    void nchwModelsGetTheTensorUnchanged() {
        Tensor nchw = Tensor.of(new float[] {1, 2, 3}, 1, 3, 1, 1);
        assertArrayEquals(nchw.toFloatArray(),
            InferenceService.toModelLayout(nchw, ModelConfig.defaults("m").withInputSize(1, 1)).toFloatArray());
    }
}
