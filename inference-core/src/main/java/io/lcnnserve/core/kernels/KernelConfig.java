package io.lcnnserve.core.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Process-wide kernel switches, read once when the kernels are first used.
 *
 * <ul>
 *   <li>{@code -Dlcnn.kernels.scalar=true} forces every kernel onto its plain scalar loop, so a wrong
 *       or slow vector path can be isolated.</li>
 *   <li>{@code -Dlcnn.kernels.vectorBits=128|256|512} picks the vector width; by default the
 *       platform's preferred species (512 bits on AVX-512 machines, 256 on AVX2).</li>
 * </ul>
 * The values are {@code static final} so the JIT folds the branches on them away.
 */
public final class KernelConfig {

    /** Vector species used by every kernel. */
    public static final VectorSpecies<Float> FLOAT_SPECIES = chooseSpecies(System.getProperty("lcnn.kernels.vectorBits"));

    /** Number of floats per vector. */
    public static final int LANES = FLOAT_SPECIES.length();

    /** True when the scalar loops are forced. */
    public static final boolean SCALAR = Boolean.getBoolean("lcnn.kernels.scalar");

    private KernelConfig() {
    }

    /** True when kernels should take their Vector API paths. */
    public static boolean vectorized() {
        return !SCALAR;
    }

    static VectorSpecies<Float> chooseSpecies(String bits) {
        if (bits == null || bits.isBlank()) {
            return FloatVector.SPECIES_PREFERRED;
        }
        return switch (bits.trim()) {
            case "128" -> FloatVector.SPECIES_128;
            case "256" -> FloatVector.SPECIES_256;
            case "512" -> FloatVector.SPECIES_512;
            default -> throw new IllegalArgumentException(
                "lcnn.kernels.vectorBits must be 128, 256 or 512, got '" + bits + "'");
        };
    }

    /** A one-line description for logs, e.g. {@code "vector 512 bits (16 floats)"}. */
    public static String describe() {
        return SCALAR ? "scalar (lcnn.kernels.scalar=true)"
            : "vector " + FLOAT_SPECIES.vectorBitSize() + " bits (" + LANES + " floats), preferred shape "
                + VectorShape.preferredShape().vectorBitSize() + " bits";
    }
}
