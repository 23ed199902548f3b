package io.lcnnserve.service.imaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lcnnserve.core.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImagePreprocessorTest {
    private static final double[] TFLITE_MEAN = {128, 128, 128};
    private static final double[] TFLITE_STD = {128, 128, 128};

    @Test
    void shorterSideSizeRoundsTheLongerSide() {
        assertArrayEquals(new int[] {384, 256}, ImagePreprocessor.shorterSideSize(512, 341, 256));
        assertArrayEquals(new int[] {256, 384}, ImagePreprocessor.shorterSideSize(341, 512, 256));
        assertArrayEquals(new int[] {256, 256}, ImagePreprocessor.shorterSideSize(300, 300, 256));
        // 1280 * 256 / 720 = 455.1 -> 455
        assertArrayEquals(new int[] {455, 256}, ImagePreprocessor.shorterSideSize(1280, 720, 256));
    }

    @Test
    void shorterSideSizeRoundsHalfToEvenLikePython() {
        // 5 * 1 / 2 = 2.5 -> 2 and 7 * 1 / 2 = 3.5 -> 4, as Python's round().
        assertArrayEquals(new int[] {2, 1}, ImagePreprocessor.shorterSideSize(5, 2, 1));
        assertArrayEquals(new int[] {4, 1}, ImagePreprocessor.shorterSideSize(7, 2, 1));
    }

    @Test
    void centreCropOffsetsAreFloorOfHalfTheExcess() {
        // 301x256 with shorter side 256 needs no resize; the crop starts at ((301-224)//2, (256-224)//2) = (38, 16).
        RgbImage coordinates = coordinateImage(301, 256);
        PreprocessingSpec spec = PreprocessingSpec.shorterSideThenCenterCrop(256, 224, 224, 1.0,
            new double[] {0, 0, 0}, new double[] {1, 1, 1});

        RgbImage cropped = new ImagePreprocessor(spec).resize(coordinates);

        assertEquals(224, cropped.width());
        assertEquals(224, cropped.height());
        assertEquals(List.of(38, 16), coordinatesAt(cropped, 0, 0));
        assertEquals(List.of(261, 239), coordinatesAt(cropped, 223, 223));
    }

    @Test
    void directResizeIgnoresAspectRatio() {
        RgbImage resized = new ImagePreprocessor(PreprocessingSpec.directResize(7, 3, TFLITE_MEAN, TFLITE_STD))
            .resize(coordinateImage(40, 90));
        assertEquals(7, resized.width());
        assertEquals(3, resized.height());
    }

    @Test
    void tensorIsNchwWithPlanesInChannelOrder() {
        RgbImage pixel = new RgbImage(1, 1, new byte[] {10, 20, 30});
        PreprocessingSpec identity = PreprocessingSpec.directResize(1, 1, new double[] {0, 0, 0}, new double[] {1, 1, 1});

        Tensor rgb = new ImagePreprocessor(identity).preprocess(pixel);
        Tensor bgr = new ImagePreprocessor(identity.withChannelOrder(ChannelOrder.BGR)).preprocess(pixel);

        assertArrayEquals(new int[] {1, 3, 1, 1}, rgb.shape());
        assertArrayEquals(new float[] {10, 20, 30}, rgb.floats());
        assertArrayEquals(new float[] {30, 20, 10}, bgr.floats());
    }

    @Test
    void tfliteNormalisationMapsPixelRangeToMinusOneToAlmostOne() {
        RgbImage extremes = new RgbImage(2, 1, new byte[] {0, (byte) 128, (byte) 255, (byte) 255, 0, (byte) 128});
        Tensor tensor = new ImagePreprocessor(PreprocessingSpec.directResize(2, 1, TFLITE_MEAN, TFLITE_STD))
            .preprocess(extremes);

        // Planes R, G, B; each holds pixel 0 then pixel 1.
        assertArrayEquals(new float[] {-1f, 0.9921875f, 0f, -1f, 0.9921875f, 0f}, tensor.floats());
    }

    @Test
    void imagenetNormalisationUsesPerChannelMeanAndStdInFloat32() {
        RgbImage white = new RgbImage(1, 1, new byte[] {(byte) 255, (byte) 255, (byte) 255});
        PreprocessingSpec spec = PreprocessingSpec.shorterSideThenCenterCrop(1, 1, 1, 1.0 / 255,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225});

        float[] values = new ImagePreprocessor(spec).preprocess(white).floats();

        assertArrayEquals(new float[] {(1f - 0.485f) / 0.229f, (1f - 0.456f) / 0.224f, (1f - 0.406f) / 0.225f}, values);
    }

    @Test
    void batchStacksImagesAlongTheFirstAxisInOrder() {
        PreprocessingSpec spec = PreprocessingSpec.directResize(4, 3, TFLITE_MEAN, TFLITE_STD);
        ImagePreprocessor preprocessor = new ImagePreprocessor(spec);
        RgbImage first = coordinateImage(10, 6);
        RgbImage second = coordinateImage(5, 9);

        Tensor batch = preprocessor.preprocessBatch(List.of(first, second));

        assertArrayEquals(new int[] {2, 3, 3, 4}, batch.shape());
        int perImage = 3 * 3 * 4;
        assertArrayEquals(preprocessor.preprocess(first).floats(), Arrays.copyOfRange(batch.floats(), 0, perImage));
        assertArrayEquals(preprocessor.preprocess(second).floats(), Arrays.copyOfRange(batch.floats(), perImage, 2 * perImage));
    }

    @Test
    void emptyBatchIsRejected() {
        ImagePreprocessor preprocessor = new ImagePreprocessor(PreprocessingSpec.directResize(4, 3, TFLITE_MEAN, TFLITE_STD));
        assertThrows(IllegalArgumentException.class, () -> preprocessor.preprocessBatch(List.of()));
    }

    /** R = x mod 256, G = y, B = x / 256: each pixel names its own position. */
    private static RgbImage coordinateImage(int width, int height) {
        byte[] pixels = new byte[width * height * 3];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = (y * width + x) * 3;
                pixels[i] = (byte) (x & 0xff);
                pixels[i + 1] = (byte) y;
                pixels[i + 2] = (byte) (x >> 8);
            }
        }
        return new RgbImage(width, height, pixels);
    }

    private static List<Integer> coordinatesAt(RgbImage image, int x, int y) {
        return List.of(image.sample(x, y, 0) + 256 * image.sample(x, y, 2), image.sample(x, y, 1));
    }
}
