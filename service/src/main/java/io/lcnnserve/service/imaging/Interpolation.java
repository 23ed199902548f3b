package io.lcnnserve.service.imaging;

/**
 * Pillow's resampling filters, computed exactly as Pillow 9.4 does (see {@link PillowResampler}).
 *
 * <ul>
 *   <li>{@link #NEAREST}: Pillow's {@code Image.NEAREST}, the source pixel under each output pixel
 *       centre (no antialiasing).</li>
 *   <li>{@link #BILINEAR}: Pillow's {@code Image.BILINEAR}, a triangle filter of support 1 widened by
 *       the downscale factor (antialiased); what torchvision's {@code Resize} uses on PIL images.</li>
 *   <li>{@link #BICUBIC}: Pillow's {@code Image.BICUBIC}, the Keys cubic kernel with a = -0.5 and
 *       support 2, widened likewise.</li>
 * </ul>
 */
public enum Interpolation {
    NEAREST(0.0),
    BILINEAR(1.0),
    BICUBIC(2.0);

    private final double support;

    Interpolation(double support) {
        this.support = support;
    }

    /** Half-width of the filter kernel at scale 1 (0 for {@link #NEAREST}, which is not a convolution). */
    double support() {
        return support;
    }

    /** The kernel weight at distance {@code x} (Pillow's {@code bilinear_filter} / {@code bicubic_filter}). */
    double weight(double x) {
        double d = Math.abs(x);
        return switch (this) {
            case BILINEAR -> d < 1.0 ? 1.0 - d : 0.0;
            case BICUBIC -> {
                double a = -0.5;
                if (d < 1.0) {
                    yield ((a + 2.0) * d - (a + 3.0)) * d * d + 1;
                }
                yield d < 2.0 ? (((d - 5) * d + 8) * d - 4) * a : 0.0;
            }
            case NEAREST -> throw new UnsupportedOperationException("NEAREST is not a convolution filter");
        };
    }
}
