package io.lcnnserve.core.kernels;

import java.util.Objects;

/**
 * An element-wise activation that a kernel can apply on its own or fuse into the store of a GEMM,
 * convolution or element-wise kernel (the optimizer attaches one to Conv/Gemm/Add/Mul nodes).
 *
 * <p>{@code alpha} and {@code beta} hold the parameters: Clip's min and max, LeakyRelu's slope
 * (alpha), HardSigmoid's {@code alpha * x + beta}. {@code fast} selects the approximate
 * sigmoid/swish of {@link io.lcnnserve.core.kernels.activation.ActivationKernels} (see there for its
 * error bound); it is ignored by the piecewise-linear kinds, which are always exact.
 */
public record Activation(Kind kind, float alpha, float beta, boolean fast) {

    /** The supported activation functions. */
    public enum Kind {
        /** Identity. */
        NONE,
        /** {@code max(x, 0)}. */
        RELU,
        /** {@code min(max(x, alpha), beta)}; Relu6 is {@code clip(0, 6)}. */
        CLIP,
        /** {@code x >= 0 ? x : alpha * x}. */
        LEAKY_RELU,
        /** {@code max(0, min(1, alpha * x + beta))} (ONNX HardSigmoid). */
        HARD_SIGMOID,
        /** {@code x * max(0, min(1, x / 6 + 1 / 2))} (ONNX HardSwish, MobileNetV3's h-swish). */
        HARD_SWISH,
        /** {@code 1 / (1 + exp(-x))}. */
        SIGMOID,
        /** {@code x * sigmoid(x)} (SiLU). */
        SWISH
    }

    private static final Activation NONE = new Activation(Kind.NONE, 0f, 0f, false);
    private static final Activation RELU = new Activation(Kind.RELU, 0f, 0f, false);

    public Activation {
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.CLIP && !(alpha <= beta)) {
            throw new IllegalArgumentException("Clip needs min <= max, got min=" + alpha + " max=" + beta);
        }
    }

    public static Activation none() {
        return NONE;
    }

    public static Activation relu() {
        return RELU;
    }

    /** Clip to {@code [min, max]}; infinite bounds are allowed. */
    public static Activation clip(float min, float max) {
        return new Activation(Kind.CLIP, min, max, false);
    }

    public static Activation relu6() {
        return clip(0f, 6f);
    }

    public static Activation leakyRelu(float alpha) {
        return new Activation(Kind.LEAKY_RELU, alpha, 0f, false);
    }

    public static Activation hardSigmoid(float alpha, float beta) {
        return new Activation(Kind.HARD_SIGMOID, alpha, beta, false);
    }

    public static Activation hardSwish() {
        return new Activation(Kind.HARD_SWISH, 1f / 6f, 0.5f, false);
    }

    public static Activation sigmoid() {
        return new Activation(Kind.SIGMOID, 0f, 0f, false);
    }

    public static Activation swish() {
        return new Activation(Kind.SWISH, 0f, 0f, false);
    }

    /** The same activation using the fast approximation where one exists. */
    public Activation fastMode() {
        return new Activation(kind, alpha, beta, true);
    }

    public boolean isIdentity() {
        return kind == Kind.NONE;
    }

    /**
     * True for the kinds that are a clamp to [{@link #clampLow()}, {@link #clampHigh()}] (identity,
     * Relu, Clip): kernels apply these to vectors in registers before storing.
     */
    public boolean isClamp() {
        return kind == Kind.NONE || kind == Kind.RELU || kind == Kind.CLIP;
    }

    /** Lower clamp bound of a clamp kind (-inf for identity). */
    public float clampLow() {
        return switch (kind) {
            case RELU -> 0f;
            case CLIP -> alpha;
            default -> Float.NEGATIVE_INFINITY;
        };
    }

    /** Upper clamp bound of a clamp kind (+inf for identity and Relu). */
    public float clampHigh() {
        return kind == Kind.CLIP ? beta : Float.POSITIVE_INFINITY;
    }

    /** Exact scalar value, the reference for every vector path. */
    public float apply(float x) {
        return switch (kind) {
            case NONE -> x;
            case RELU -> Math.max(x, 0f);
            case CLIP -> Math.min(Math.max(x, alpha), beta);
            case LEAKY_RELU -> x >= 0f ? x : alpha * x;
            case HARD_SIGMOID -> Math.max(0f, Math.min(1f, alpha * x + beta));
            case HARD_SWISH -> x * Math.max(0f, Math.min(1f, alpha * x + beta));
            case SIGMOID -> sigmoid(x);
            case SWISH -> x * sigmoid(x);
        };
    }

    private static float sigmoid(float x) {
        return (float) (1.0 / (1.0 + Math.exp(-x)));
    }

    @Override
    public String toString() {
        String mode = fast && (kind == Kind.SIGMOID || kind == Kind.SWISH) ? ", fast" : "";
        return switch (kind) {
            case CLIP -> "Clip(" + alpha + ", " + beta + ")";
            case LEAKY_RELU -> "LeakyRelu(" + alpha + ")";
            case HARD_SIGMOID -> "HardSigmoid(" + alpha + ", " + beta + ")";
            default -> kind.name() + (mode.isEmpty() ? "" : "(" + mode.substring(2) + ")");
        };
    }
}
