package io.lcnnserve.store.config;

/** How an image is brought to the model's input size. */
public enum ResizeMode {
    /** Resize the whole image to width x height; the aspect ratio is not preserved. */
    DIRECT,
    /** Resize so the shorter side is {@code resizeShorterTo} (aspect kept), then cut the centre width x height. */
    SHORTER_SIDE_CENTER_CROP
}
