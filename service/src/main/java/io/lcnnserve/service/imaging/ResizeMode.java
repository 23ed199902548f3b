package io.lcnnserve.service.imaging;

/** How an image is brought to the model's input size. */
public enum ResizeMode {
    /** Resize the whole image to width x height; the aspect ratio is not preserved (TF-Slim/TFLite style). */
    DIRECT,
    /**
     * Resize so the shorter side equals {@code resizeShorterTo} (longer side rounded), then cut the
     * centre width x height (torchvision {@code Resize(256)} + {@code CenterCrop(224)} style).
     */
    SHORTER_SIDE_THEN_CENTER_CROP
}
