package io.lcnnserve.core.ops.spatial;

import io.lcnnserve.core.ops.Attributes;

/**
 * ONNX's {@code auto_pad} attribute of Conv, ConvTranspose and the pools: where the padding
 * comes from.
 */
public enum AutoPad {
    /** Explicit padding from the {@code pads} attribute (zeros when absent). */
    NOTSET,
    /** Pad so that {@code output = ceil(input / stride)}; an odd total puts the extra cell at the end. */
    SAME_UPPER,
    /** Like {@link #SAME_UPPER}, but an odd total puts the extra cell at the beginning. */
    SAME_LOWER,
    /** No padding: windows stay inside the input. */
    VALID;

    static AutoPad read(Attributes attributes) {
        return valueOf(attributes.getEnum("auto_pad", "NOTSET", "NOTSET", "SAME_UPPER", "SAME_LOWER", "VALID"));
    }

    public boolean isSame() {
        return this == SAME_UPPER || this == SAME_LOWER;
    }

    /**
     * The part of {@code totalPadding} that goes before the data. SAME_UPPER rounds it down;
     * every other mode rounds it up, which is also what the ConvTranspose spec prescribes for
     * NOTSET and VALID when it derives pads from an explicit {@code output_shape}.
     */
    int padBegin(int totalPadding) {
        return this == SAME_UPPER ? totalPadding / 2 : totalPadding - totalPadding / 2;
    }
}
