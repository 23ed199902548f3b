package io.lcnnserve.store.config;

import java.util.Arrays;

/**
 * How an image becomes the model's input tensor: resize (and crop), then per channel
 * {@code x = (pixel * scale - mean[c]) / std[c]} with pixels in 0..255, channels in
 * {@code channelOrder}.
 *
 * @param resizeMode      direct resize, or shorter side to {@code resizeShorterTo} then centre crop
 * @param resizeShorterTo the shorter side's length before the centre crop (shorter-side mode only;
 *                        0 in direct mode, and 0 until the input size is known when left to its
 *                        default of round(max(width, height) * 256 / 224))
 * @param interpolation   the resampling filter
 * @param channelOrder    RGB or BGR
 * @param scale           pixel multiplier applied before mean and std (e.g. 1/255, or 1)
 * @param mean            per-channel mean, 3 values in channel order, in scaled units
 * @param std             per-channel standard deviation, 3 positive values, in scaled units
 */
public record PreprocessingConfig(ResizeMode resizeMode, int resizeShorterTo, Interpolation interpolation,
                                  ChannelOrder channelOrder, double scale, double[] mean, double[] std) {
    /** The ratio of the resize to the crop in the usual ImageNet evaluation (256 then crop 224). */
    public static final double IMAGENET_RESIZE_RATIO = 256.0 / 224.0;

    public PreprocessingConfig {
        mean = mean.clone();
        std = std.clone();
    }

    /** torchvision's ImageNet evaluation transform: shorter side 256, centre crop, ImageNet mean/std. */
    public static PreprocessingConfig defaults() {
        return new PreprocessingConfig(ResizeMode.SHORTER_SIDE_CENTER_CROP, 0, Interpolation.BILINEAR, ChannelOrder.RGB,
            1.0 / 255.0, new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225});
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] std() {
        return std.clone();
    }

    /** The shorter-side length for an input of this size when none was configured. */
    public static int defaultShorterSide(int width, int height) {
        return (int) Math.round(Math.max(width, height) * IMAGENET_RESIZE_RATIO);
    }

    PreprocessingConfig withResizeShorterTo(int value) {
        return new PreprocessingConfig(resizeMode, value, interpolation, channelOrder, scale, mean, std);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PreprocessingConfig p && resizeMode == p.resizeMode && resizeShorterTo == p.resizeShorterTo
            && interpolation == p.interpolation && channelOrder == p.channelOrder
            && Double.compare(scale, p.scale) == 0 && Arrays.equals(mean, p.mean) && Arrays.equals(std, p.std);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * java.util.Objects.hash(resizeMode, resizeShorterTo, interpolation, channelOrder, scale)
            + Arrays.hashCode(mean)) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "PreprocessingConfig[resizeMode=" + resizeMode + ", resizeShorterTo=" + resizeShorterTo + ", interpolation="
            + interpolation + ", channelOrder=" + channelOrder + ", scale=" + scale + ", mean=" + Arrays.toString(mean)
            + ", std=" + Arrays.toString(std) + "]";
    }
}
