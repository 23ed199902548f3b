package io.lcnnserve.service.imaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PreprocessingSpecTest {
    private static final double[] MEAN = {128, 128, 128};
    private static final double[] STD = {128, 128, 128};

    @Test
    void directResizeDefaultsToPillowBilinearRgbWithoutScale() {
        PreprocessingSpec spec = PreprocessingSpec.directResize(160, 160, MEAN, STD);

        assertEquals(ResizeMode.DIRECT, spec.resizeMode());
        assertEquals(Interpolation.BILINEAR, spec.interpolation());
        assertEquals(ChannelOrder.RGB, spec.channelOrder());
        assertEquals(1.0, spec.pixelScale());
        assertEquals(0, spec.resizeShorterTo());
    }

    @Test
    void meanAndStdAreCopiedInAndOut() {
        double[] mean = {1, 2, 3};
        PreprocessingSpec spec = PreprocessingSpec.directResize(8, 8, mean, STD);
        mean[0] = 99;
        spec.mean()[1] = 99;

        assertArrayEquals(new double[] {1, 2, 3}, spec.mean());
    }

    @Test
    void equalityComparesArrayContents() {
        PreprocessingSpec a = PreprocessingSpec.directResize(8, 8, new double[] {1, 2, 3}, STD);
        PreprocessingSpec b = PreprocessingSpec.directResize(8, 8, new double[] {1, 2, 3}, STD);

        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, a.withInterpolation(Interpolation.BICUBIC));
        assertNotEquals(a, a.withChannelOrder(ChannelOrder.BGR));
    }

    @Test
    void toStringShowsTheNumbers() {
        String text = PreprocessingSpec.shorterSideThenCenterCrop(256, 224, 224, 1.0 / 255,
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}).toString();
        assertTrue(text.contains("224x224 from shorter side 256"), text);
        assertTrue(text.contains("[0.485, 0.456, 0.406]"), text);
    }

    @Test
    void invalidSpecsAreRejectedWithTheOffendingValue() {
        assertMessage("got 0x224", () -> PreprocessingSpec.directResize(0, 224, MEAN, STD));
        assertMessage("needs 3 values", () -> PreprocessingSpec.directResize(224, 224, new double[] {1, 2}, STD));
        assertMessage("std must be non-zero", () -> PreprocessingSpec.directResize(224, 224, MEAN, new double[] {1, 0, 1}));
        assertMessage("must be finite", () -> PreprocessingSpec.directResize(224, 224, new double[] {1, Double.NaN, 1}, STD));
        assertMessage("smaller than the 224x224 crop",
            () -> PreprocessingSpec.shorterSideThenCenterCrop(200, 224, 224, 1.0, MEAN, STD));
        assertMessage("SHORTER_SIDE_THEN_CENTER_CROP only", () -> new PreprocessingSpec(ResizeMode.DIRECT, 224, 224, 256,
            Interpolation.BILINEAR, ChannelOrder.RGB, 1.0, MEAN, STD));
        assertMessage("pixelScale", () -> new PreprocessingSpec(ResizeMode.DIRECT, 224, 224, 0,
            Interpolation.BILINEAR, ChannelOrder.RGB, 0.0, MEAN, STD));
    }

    private static void assertMessage(String expected, Runnable construction) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, construction::run);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
