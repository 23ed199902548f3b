package io.lcnnserve.core.kernels;

/**
 * Per-thread scratch arrays that grow to the largest size a thread has asked for and are then
 * reused, so kernels allocate nothing once a model has run once. A kernel must not hold a scratch
 * array across calls or hand it to another kernel that also takes scratch from the same slot.
 */
public final class ScratchBuffers {

    /** Independent scratch slots, so a kernel can hold two buffers at once. */
    public enum Slot {
        /** im2col matrices, padded planes. */
        PRIMARY,
        /** A second buffer held at the same time as the primary one. */
        SECONDARY
    }

    private static final ThreadLocal<float[][]> BUFFERS =
        ThreadLocal.withInitial(() -> new float[Slot.values().length][0]);

    private ScratchBuffers() {
    }

    /** A float array of at least {@code size} elements with undefined contents. */
    public static float[] get(Slot slot, int size) {
        float[][] buffers = BUFFERS.get();
        float[] buffer = buffers[slot.ordinal()];
        if (buffer.length < size) {
            buffer = new float[size];
            buffers[slot.ordinal()] = buffer;
        }
        return buffer;
    }
}
