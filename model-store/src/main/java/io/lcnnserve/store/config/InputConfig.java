package io.lcnnserve.store.config;

/**
 * The model input an image is fed to.
 *
 * @param name   the graph input's name; null = the model's only input
 * @param layout {@code NCHW} or {@code NHWC}
 * @param width  input width in pixels; 0 until known = taken from the model's declared shape at load
 * @param height input height in pixels; 0 until known, as for width
 */
public record InputConfig(String name, String layout, int width, int height) {
    public static final String NCHW = "NCHW";
    public static final String NHWC = "NHWC";

    public static InputConfig defaults() {
        return new InputConfig(null, NCHW, 0, 0);
    }

    public boolean sizeKnown() {
        return width > 0 && height > 0;
    }

    public InputConfig withSize(int newWidth, int newHeight) {
        return new InputConfig(name, layout, newWidth, newHeight);
    }
}
