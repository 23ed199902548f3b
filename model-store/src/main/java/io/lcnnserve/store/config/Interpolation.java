package io.lcnnserve.store.config;

/** The resampling filter used when resizing. */
public enum Interpolation {
    /** Pillow's antialiased bilinear (a triangle filter whose support grows when down-scaling). */
    BILINEAR,
    NEAREST,
    BICUBIC
}
