package io.lcnnserve.service.imaging;

import java.util.Arrays;
import java.util.Objects;

/**
 * How a model wants its input image: geometry, interpolation and per-channel normalisation.
 *
 * <p>Each output element is {@code (pixel * pixelScale - mean[c]) / std[c]}, with {@code pixel} the
 * 0..255 value and {@code c} the input channel in tensor order ({@link #channelOrder()}): for BGR,
 * {@code mean[0]} applies to the blue plane. It is evaluated in float32 like torchvision's
 * {@code ToTensor} + {@code Normalize}: {@code pixel * pixelScale}, the mean and the std are each
 * rounded to float ({@code pixel * (1/255.0)} rounds to the same float as {@code pixel / 255f} for
 * every pixel value), then subtracted and divided in float. Examples (see each model's MODEL.md):
 * <ul>
 *   <li>TFLite uint8 MobileNet V1/V2: direct 224 (or 160, 128), scale 1, mean 128, std 128.</li>
 *   <li>TF-slim MobileNet V3 uint8: direct 224, scale 1, mean 128, std 127.</li>
 *   <li>torchvision ImageNet: shorter side 256, centre crop 224, scale 1/255,
 *       mean (0.485, 0.456, 0.406), std (0.229, 0.224, 0.225).</li>
 * </ul>
 *
 * @param resizeMode      direct resize or shorter-side resize + centre crop
 * @param width           tensor width (W)
 * @param height          tensor height (H)
 * @param resizeShorterTo shorter side before cropping ({@link ResizeMode#SHORTER_SIDE_THEN_CENTER_CROP}
 *                        only, at least max(width, height)); 0 for {@link ResizeMode#DIRECT}
 * @param interpolation   resampling filter
 * @param channelOrder    order of the three planes in the tensor
 * @param pixelScale      factor applied to the 0..255 pixel before mean/std
 * @param mean            three per-channel means, in tensor channel order, in scaled pixel units
 * @param std             three per-channel standard deviations (non-zero), same order and units
 */
public record PreprocessingSpec(
    ResizeMode resizeMode,
    int width,
    int height,
    int resizeShorterTo,
    Interpolation interpolation,
    ChannelOrder channelOrder,
    double pixelScale,
    double[] mean,
    double[] std) {

    public PreprocessingSpec {
        Objects.requireNonNull(resizeMode, "resizeMode");
        Objects.requireNonNull(interpolation, "interpolation");
        Objects.requireNonNull(channelOrder, "channelOrder");
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("input size must be positive, got " + width + "x" + height);
        }
        if (resizeMode == ResizeMode.DIRECT && resizeShorterTo != 0) {
            throw new IllegalArgumentException("resizeShorterTo applies to SHORTER_SIDE_THEN_CENTER_CROP only, got "
                + resizeShorterTo + " with DIRECT");
        }
        if (resizeMode == ResizeMode.SHORTER_SIDE_THEN_CENTER_CROP && resizeShorterTo < Math.max(width, height)) {
            throw new IllegalArgumentException("resizeShorterTo " + resizeShorterTo + " is smaller than the "
                + width + "x" + height + " crop");
        }
        if (!Double.isFinite(pixelScale) || pixelScale == 0.0) {
            throw new IllegalArgumentException("pixelScale must be finite and non-zero, got " + pixelScale);
        }
        mean = checkedTriple("mean", mean);
        std = checkedTriple("std", std);
        for (double s : std) {
            if (s == 0.0) {
                throw new IllegalArgumentException("std must be non-zero, got " + Arrays.toString(std));
            }
        }
    }

    /** Whole-image resize to {@code width x height} (Pillow BILINEAR), RGB, no pixel scale. */
    public static PreprocessingSpec directResize(int width, int height, double[] mean, double[] std) {
        return new PreprocessingSpec(ResizeMode.DIRECT, width, height, 0, Interpolation.BILINEAR, ChannelOrder.RGB,
            1.0, mean, std);
    }

    /** Shorter side to {@code resizeShorterTo} (Pillow BILINEAR), centre crop {@code width x height}, RGB. */
    public static PreprocessingSpec shorterSideThenCenterCrop(int resizeShorterTo, int width, int height,
                                                              double pixelScale, double[] mean, double[] std) {
        return new PreprocessingSpec(ResizeMode.SHORTER_SIDE_THEN_CENTER_CROP, width, height, resizeShorterTo,
            Interpolation.BILINEAR, ChannelOrder.RGB, pixelScale, mean, std);
    }

    public PreprocessingSpec withInterpolation(Interpolation newInterpolation) {
        return new PreprocessingSpec(resizeMode, width, height, resizeShorterTo, newInterpolation, channelOrder,
            pixelScale, mean, std);
    }

    public PreprocessingSpec withChannelOrder(ChannelOrder newChannelOrder) {
        return new PreprocessingSpec(resizeMode, width, height, resizeShorterTo, interpolation, newChannelOrder,
            pixelScale, mean, std);
    }

    /** A copy of the three means. */
    @Override
    public double[] mean() {
        return mean.clone();
    }

    /** A copy of the three standard deviations. */
    @Override
    public double[] std() {
        return std.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PreprocessingSpec spec
            && resizeMode == spec.resizeMode && width == spec.width && height == spec.height
            && resizeShorterTo == spec.resizeShorterTo && interpolation == spec.interpolation
            && channelOrder == spec.channelOrder && Double.compare(pixelScale, spec.pixelScale) == 0
            && Arrays.equals(mean, spec.mean) && Arrays.equals(std, spec.std);
    }

    @Override
    public int hashCode() {
        return Objects.hash(resizeMode, width, height, resizeShorterTo, interpolation, channelOrder, pixelScale,
            Arrays.hashCode(mean), Arrays.hashCode(std));
    }

    @Override
    public String toString() {
        return "PreprocessingSpec[" + resizeMode + " " + width + "x" + height
            + (resizeMode == ResizeMode.DIRECT ? "" : " from shorter side " + resizeShorterTo)
            + ", " + interpolation + ", " + channelOrder + ", scale " + pixelScale
            + ", mean " + Arrays.toString(mean) + ", std " + Arrays.toString(std) + "]";
    }

    private static double[] checkedTriple(String name, double[] values) {
        Objects.requireNonNull(values, name);
        if (values.length != 3) {
            throw new IllegalArgumentException(name + " needs 3 values (one per channel), got " + values.length);
        }
        for (double v : values) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException(name + " must be finite, got " + Arrays.toString(values));
            }
        }
        return values.clone();
    }
}
