package io.lcnnserve.core.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

class KernelConfigTest {

    @Test
    void vectorWidthPropertySelectsTheSpecies() {
        assertSame(FloatVector.SPECIES_PREFERRED, KernelConfig.chooseSpecies(null));
        assertSame(FloatVector.SPECIES_256, KernelConfig.chooseSpecies("256"));
        assertSame(FloatVector.SPECIES_128, KernelConfig.chooseSpecies(" 128 "));
    }

    @Test
    void unsupportedVectorWidthIsRejectedWithTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KernelConfig.chooseSpecies("64"));
        assertEquals("lcnn.kernels.vectorBits must be 128, 256 or 512, got '64'", e.getMessage());
    }
}
