package io.lcnnserve.service.imaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Pillow 9.4 resampling on small cases worked out by hand from {@code Resample.c}; the full-size
 * bit-exactness is checked against the models' reference tensors in {@link ReferencePreprocessingTest}.
 */
class PillowResamplerTest {

    @Test
    void bilinearDownscaleByTwoUsesATriangleOfSupportTwo() {
        // Scale 2 widens the support to 2: output 0 is centred at 1.0 and covers inputs 0..2 with
        // triangle weights 0.75, 0.75, 0.25 (normalised 3/7, 3/7, 1/7); output 1 covers inputs 1..3.
        PillowResampler.Coefficients c = PillowResampler.precomputeCoefficients(4, 2, Interpolation.BILINEAR);

        assertEquals(5, c.kernelSize());
        assertArrayEquals(new int[] {0, 1}, c.start());
        assertArrayEquals(new int[] {3, 3}, c.count());
        // round(3/7 * 2^22) = 1797559, round(1/7 * 2^22) = 599186; the three sum to exactly 2^22.
        assertArrayEquals(new int[] {1797559, 1797559, 599186}, Arrays.copyOfRange(c.weights(), 0, 3));
        assertArrayEquals(new int[] {599186, 1797559, 1797559}, Arrays.copyOfRange(c.weights(), 5, 8));
    }

    @Test
    void bilinearDownscaleOfARowRoundsTheWeightedSums() {
        // 120/7 = 17.14 -> 17 and 230/7 = 32.86 -> 33 (a plain 2-tap average would give 15 and 35).
        assertArrayEquals(new int[] {17, 33}, resizeRow(new int[] {10, 20, 30, 40}, 2, Interpolation.BILINEAR));
    }

    @Test
    void verticalPassMatchesHorizontalPass() {
        RgbImage column = TestImages.grayImage(1, 4, 10, 20, 30, 40);
        assertArrayEquals(new int[] {17, 33}, grayValues(PillowResampler.resize(column, 1, 2, Interpolation.BILINEAR)));
    }

    @Test
    void bilinearUpscaleInterpolatesBetweenPixelCentres() {
        // Centres 0.25, 0.75, 1.25, 1.75: edge outputs copy the edge pixel, inner ones mix 3:1.
        // 25.5 and 75.5 round down: the fixed-point sum adds 2^21 and shifts, and 0.5 is exact here.
        assertArrayEquals(new int[] {0, 25, 75, 100}, resizeRow(new int[] {0, 100}, 4, Interpolation.BILINEAR));
    }

    @Test
    void bicubicDownscaleUsesKeysKernelWithNegativeLobes() {
        // Weights for output 0 (centre 1.0, support 4): 0.8672, 0.8672, 0.2266, -0.0703 before
        // normalisation -> 1923846, 1923846, 502623, -155986 in fixed point.
        assertArrayEquals(new int[] {16, 34}, resizeRow(new int[] {10, 20, 30, 40}, 2, Interpolation.BICUBIC));
    }

    @Test
    void bicubicOvershootIsClippedNotWrapped() {
        // Output 2 of 0,0,255,255 -> 8 is -17.5 before clipping, output 5 symmetrically 272.5.
        int[] out = resizeRow(new int[] {0, 0, 255, 255}, 8, Interpolation.BICUBIC);
        assertEquals(0, out[2]);
        assertEquals(255, out[5]);
    }

    @Test
    void convolutionFiltersKeepAConstantImageConstant() {
        int[] values201 = new int[35];
        Arrays.fill(values201, 201);
        RgbImage flat = TestImages.grayImage(7, 5, values201);
        for (Interpolation interpolation : new Interpolation[] {Interpolation.BILINEAR, Interpolation.BICUBIC}) {
            int[] values = grayValues(PillowResampler.resize(flat, 3, 11, interpolation));
            assertEquals(201, Arrays.stream(values).min().orElseThrow(), interpolation.name());
            assertEquals(201, Arrays.stream(values).max().orElseThrow(), interpolation.name());
        }
    }

    @Test
    void nearestPicksThePixelUnderEachOutputCentre() {
        assertArrayEquals(new int[] {20, 40}, resizeRow(new int[] {10, 20, 30, 40}, 2, Interpolation.NEAREST));
        assertArrayEquals(new int[] {10, 10, 20, 20}, resizeRow(new int[] {10, 20}, 4, Interpolation.NEAREST));
        assertArrayEquals(new int[] {10, 30}, resizeRow(new int[] {10, 20, 30}, 2, Interpolation.NEAREST));
    }

    @Test
    void sameSizeReturnsTheInput() {
        RgbImage image = TestImages.grayImage(2, 2, 1, 2, 3, 4);
        assertSame(image, PillowResampler.resize(image, 2, 2, Interpolation.BILINEAR));
    }

    @Test
    void onlyTheChangedAxisIsResampled() {
        // Width unchanged: no horizontal pass, so rows are resampled exactly as a single column would be.
        RgbImage twoColumns = TestImages.grayImage(2, 4, 10, 10, 20, 20, 30, 30, 40, 40);
        assertArrayEquals(new int[] {17, 17, 33, 33},
            grayValues(PillowResampler.resize(twoColumns, 2, 2, Interpolation.BILINEAR)));
    }

    @Test
    void channelsAreResampledIndependently() {
        RgbImage image = new RgbImage(4, 1, new byte[] {10, 0, (byte) 255, 20, 0, (byte) 255, 30, 0, 0, 40, 0, 0});
        RgbImage resized = PillowResampler.resize(image, 2, 1, Interpolation.BILINEAR);
        assertEquals(17, resized.sample(0, 0, 0));
        assertEquals(0, resized.sample(0, 0, 1));
        // 255 * 6/7 = 218.57 -> 219; 255 * 1/7 = 36.43 -> 36.
        assertEquals(219, resized.sample(0, 0, 2));
        assertEquals(36, resized.sample(1, 0, 2));
    }

    @Test
    void nonPositiveTargetSizeIsRejected() {
        RgbImage image = TestImages.grayImage(2, 2, 1, 2, 3, 4);
        assertThrows(IllegalArgumentException.class, () -> PillowResampler.resize(image, 0, 2, Interpolation.BILINEAR));
    }

    private static int[] resizeRow(int[] values, int width, Interpolation interpolation) {
        return grayValues(PillowResampler.resize(TestImages.grayImage(values.length, 1, values), width, 1, interpolation));
    }

    /** The red channel of every pixel, row-major, after checking R = G = B. */
    static int[] grayValues(RgbImage image) {
        int[] values = new int[image.width() * image.height()];
        for (int i = 0; i < values.length; i++) {
            int x = i % image.width();
            int y = i / image.width();
            values[i] = image.sample(x, y, 0);
            assertEquals(values[i], image.sample(x, y, 1));
            assertEquals(values[i], image.sample(x, y, 2));
        }
        return values;
    }
}
