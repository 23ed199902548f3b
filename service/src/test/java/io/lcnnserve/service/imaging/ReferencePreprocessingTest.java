package io.lcnnserve.service.imaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lcnnserve.core.tensor.Tensor;
import io.lcnnserve.core.testing.Npy;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our decode + resize + normalise of cat.bmp against the models' reference inputs
 * ({@code input_cat.npy}, produced with Pillow 9.4 as each MODEL.md describes). Pillow's
 * arithmetic is deterministic, so every element must match bit for bit.
 */
class ReferencePreprocessingTest {
    /** MODEL.md: direct resize 224x224, (p - 128) / 128. */
    static final PreprocessingSpec MOBILENET_V2 = PreprocessingSpec.directResize(224, 224,
        new double[] {128, 128, 128}, new double[] {128, 128, 128});
    /** MODEL.md: direct resize 224x224, (p - 128) / 127. */
    static final PreprocessingSpec MOBILENET_V3_SMALL = PreprocessingSpec.directResize(224, 224,
        new double[] {128, 128, 128}, new double[] {127, 127, 127});
    /** MODEL.md: shorter side 256, centre crop 224, (p / 255 - mean) / std with ImageNet mean/std. */
    static final PreprocessingSpec SQUEEZENET = PreprocessingSpec.shorterSideThenCenterCrop(256, 224, 224,
        1.0 / 255, new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225});

    private final ImageDecoder decoder = new ImageDecoder();

    static Stream<Arguments> modelsWithReferenceInput() {
        return Stream.of(
            Arguments.of("mobilenet_v2_1.0_224", MOBILENET_V2),
            Arguments.of("mobilenet_v3_small_1.0_224", MOBILENET_V3_SMALL),
            Arguments.of("squeezenet1_1", SQUEEZENET));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modelsWithReferenceInput")
    void catBmpTensorEqualsReferenceInputBitForBit(String model, PreprocessingSpec spec) {
        Tensor expected = Npy.readResource("/reference/" + model + "/input_cat.npy");
        Tensor actual = preprocess(spec, "/images/cat.bmp");
        assertArrayEquals(expected.shape(), actual.shape());
        float[] e = expected.floats();
        float[] a = actual.floats();
        double oneUint8Step = spec.pixelScale() / Math.min(spec.std()[0], Math.min(spec.std()[1], spec.std()[2]));
        int exact = 0;
        int withinOneStep = 0;
        for (int i = 0; i < e.length; i++) {
            double diff = Math.abs(e[i] - a[i]);
            exact += diff == 0 ? 1 : 0;
            withinOneStep += diff <= oneUint8Step * 1.0001 ? 1 : 0;
        }
        System.out.printf("%s: %d of %d elements bit-exact (%.3f%%), %d within one uint8 step%n",
            model, exact, e.length, 100.0 * exact / e.length, withinOneStep);
        assertEquals(e.length, withinOneStep, model + ": elements more than one uint8 step from the reference");
        assertEquals(e.length, exact, model + ": elements not bit-exact");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modelsWithReferenceInput")
    void catPngTensorEqualsCatBmpTensorExactly(String model, PreprocessingSpec spec) {
        assertArrayEquals(preprocess(spec, "/images/cat.bmp").floats(), preprocess(spec, "/images/cat.png").floats(), model);
    }

    @ParameterizedTest(name = "{0}x{0}")
    @ValueSource(ints = {160, 128})
    void mobilenetV1SizesGiveTfliteQuantizedValues(int size) {
        // MODEL.md of mobilenet_v1_0.5_160 / _0.25_128: direct resize, (p - 128) / 128; no reference tensor ships.
        PreprocessingSpec spec = PreprocessingSpec.directResize(size, size, new double[] {128, 128, 128},
            new double[] {128, 128, 128});
        Tensor tensor = preprocess(spec, "/images/cat.bmp");

        assertArrayEquals(new int[] {1, 3, size, size}, tensor.shape());
        for (float value : tensor.floats()) {
            float pixel = value * 128 + 128;
            assertEquals(Math.rint(pixel), pixel, "not an integer pixel: " + value);
            assertTrue(pixel >= 0 && pixel <= 255, "pixel out of range: " + pixel);
        }
    }

    private Tensor preprocess(PreprocessingSpec spec, String image) {
        return new ImagePreprocessor(spec).preprocess(decoder.decode(TestImages.resource(image)));
    }
}
