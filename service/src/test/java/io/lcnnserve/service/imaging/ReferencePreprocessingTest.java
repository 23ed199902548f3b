package io.lcnnserve.service.imaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lcnnserve.core.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

/**
 * Our decode + resize + normalise of cat.bmp against the models' reference inputs
 * ({@code input_cat.npy}, produced with Pillow 9.4 as each MODEL.md describes).
 */
class ReferencePreprocessingTest {
    static final PreprocessingSpec MOBILENET_V2 = PreprocessingSpec.directResize(224, 224,
        new double[] {128, 128, 128}, new double[] {128, 128, 128});
    static final PreprocessingSpec MOBILENET_V3_SMALL = PreprocessingSpec.directResize(224, 224,
        new double[] {128, 128, 128}, new double[] {127, 127, 127});
    static final PreprocessingSpec SQUEEZENET = PreprocessingSpec.shorterSideThenCenterCrop(256, 224, 224,
        1.0 / 255, new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225});

    private final ImageDecoder decoder = new ImageDecoder();

    @Test
    void mobilenetV2InputMatchesReference() {
        assertMatchesReference(MOBILENET_V2, "mobilenet_v2_1.0_224");
    }

    @Test
    void mobilenetV3SmallInputMatchesReference() {
        assertMatchesReference(MOBILENET_V3_SMALL, "mobilenet_v3_small_1.0_224");
    }

    @Test
    void squeezenetInputMatchesReference() {
        assertMatchesReference(SQUEEZENET, "squeezenet1_1");
    }

    private void assertMatchesReference(PreprocessingSpec spec, String model) {
        Tensor expected = NpyReader.readResource("/reference/" + model + "/input_cat.npy");
        Tensor actual = new ImagePreprocessor(spec).preprocess(decoder.decode(resource("/images/cat.bmp")));
        assertArrayEquals(expected.shape(), actual.shape());
        float[] e = expected.floats();
        float[] a = actual.floats();
        double oneStep = spec.pixelScale() / min(spec.std());
        int exact = 0;
        int withinStep = 0;
        double maxDiff = 0;
        for (int i = 0; i < e.length; i++) {
            double diff = Math.abs(e[i] - a[i]);
            maxDiff = Math.max(maxDiff, diff);
            if (diff == 0) {
                exact++;
            }
            if (diff <= oneStep * 1.0001) {
                withinStep++;
            }
        }
        System.out.printf("%s: %d/%d exact (%.4f%%), %d within one uint8 step, max abs diff %.3g%n",
            model, exact, e.length, 100.0 * exact / e.length, withinStep, maxDiff);
        assertEquals(e.length, exact, model + ": elements differing from the reference");
    }

    private static double min(double[] values) {
        return Math.min(values[0], Math.min(values[1], values[2]));
    }

    static byte[] resource(String name) {
        try (InputStream in = ReferencePreprocessingTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("missing test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
