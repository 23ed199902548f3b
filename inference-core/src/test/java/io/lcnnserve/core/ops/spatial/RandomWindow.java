package io.lcnnserve.core.ops.spatial;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * A random sliding-window configuration for differential tests against ONNX Runtime: kernel,
 * strides, dilations, pads (or an auto_pad mode) and an input spatial shape large enough for the
 * window.
 */
public record RandomWindow(int[] input, int[] kernel, int[] strides, int[] dilations, int[] pads, String autoPad) {

    /**
     * @param maxKernel largest kernel size per axis
     * @param padsBelowKernel keep each pad smaller than the kernel (the pools' rule)
     * @param allowedAutoPads the auto_pad modes to draw from ("NOTSET" means explicit pads)
     */
    public static RandomWindow draw(Random random, int rank, int maxKernel, boolean padsBelowKernel,
                                    String... allowedAutoPads) {
        int[] input = new int[rank];
        int[] kernel = new int[rank];
        int[] strides = new int[rank];
        int[] dilations = new int[rank];
        int[] pads = new int[2 * rank];
        String autoPad = allowedAutoPads[random.nextInt(allowedAutoPads.length)];
        for (int a = 0; a < rank; a++) {
            kernel[a] = 1 + random.nextInt(maxKernel);
            strides[a] = 1 + random.nextInt(3);
            // ONNX Runtime rejects dilation with SAME padding (and its pools pad SAME for the undilated kernel).
            dilations[a] = autoPad.startsWith("SAME") ? 1 : 1 + random.nextInt(2);
            if (autoPad.equals("NOTSET")) {
                int maxPad = padsBelowKernel ? kernel[a] : 3;
                pads[a] = random.nextInt(maxPad);
                pads[a + rank] = random.nextInt(maxPad);
            }
            input[a] = (kernel[a] - 1) * dilations[a] + 1 + random.nextInt(6);
        }
        return new RandomWindow(input, kernel, strides, dilations, pads, autoPad);
    }

    /** The window attributes as an ONNX attribute map (auto_pad or pads, never both). */
    public Map<String, Object> attributes(boolean withDilations) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("kernel_shape", toLongs(kernel));
        attributes.put("strides", toLongs(strides));
        if (withDilations) {
            attributes.put("dilations", toLongs(dilations));
        }
        if (autoPad.equals("NOTSET")) {
            attributes.put("pads", toLongs(pads));
        } else {
            attributes.put("auto_pad", autoPad);
        }
        return attributes;
    }

    /** (batch, channels, input...). */
    public int[] inputShape(int batch, int channels) {
        return SpatialShapes.batchChannelsSpatial(batch, channels, input);
    }

    private static long[] toLongs(int[] values) {
        return Arrays.stream(values).asLongStream().toArray();
    }

    @Override
    public String toString() {
        return "input=" + Arrays.toString(input) + " kernel=" + Arrays.toString(kernel) + " strides="
            + Arrays.toString(strides) + " dilations=" + Arrays.toString(dilations) + " pads=" + Arrays.toString(pads)
            + " auto_pad=" + autoPad;
    }
}
