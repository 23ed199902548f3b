package io.lcnnserve.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
    @TempDir
    Path dir;

    @Test
    void floatTensorRoundTripsThroughAFile() {
        Tensor t = Tensor.of(new float[] {1.5f, -2, 3.25f, Float.MIN_VALUE, 0, 1e30f}, 2, 3);
        Path file = dir.resolve("t.npy");

        Npy.write(file, t);
        Tensor read = Npy.read(file);

        assertThat(read.type()).isEqualTo(DataType.FLOAT);
        assertThat(read.shape()).containsExactly(2, 3);
        assertThat(read.floats()).containsExactly(t.floats());
    }

    @Test
    void int64TensorRoundTripsIncludingOneDimensionalShape() {
        Tensor t = Tensor.ofLongs(new long[] {Long.MIN_VALUE, 0, 42}, 3);

        Tensor read = Npy.parse(Npy.toBytes(t), "memory");

        assertThat(read.type()).isEqualTo(DataType.INT64);
        assertThat(read.shape()).containsExactly(3);
        assertThat(read.longs()).containsExactly(Long.MIN_VALUE, 0, 42);
    }

    @Test
    void writtenHeaderIsNumpysAndDataStartsAt64ByteBoundary() {
        byte[] bytes = Npy.toBytes(Tensor.of(new float[4], 1, 4));
        int headerLength = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
        String header = new String(bytes, 10, headerLength, StandardCharsets.ISO_8859_1);

        assertThat(header).startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 4), }").endsWith("\n");
        assertThat((10 + headerLength) % 64).isZero();
        assertThat(bytes.length).isEqualTo(10 + headerLength + 16);
    }

    @Test
    void readsTheStoredReferenceInputWrittenByNumpy() {
        Tensor input = Npy.readResource("/reference/mobilenet_v2_1.0_224/input_cat.npy");

        assertThat(input.shape()).containsExactly(1, 3, 224, 224);
        // This model's preprocessing is (pixel - 128) / 128, so every value maps back to an integer pixel.
        for (float v : input.floats()) {
            double pixel = v * 128.0 + 128.0;
            assertThat(pixel).isBetween(0.0, 255.0);
            assertThat(pixel).isEqualTo(Math.rint(pixel));
        }
    }

    @Test
    void unsupportedTypesAndCorruptFilesAreRejectedWithTheReason() {
        byte[] doubles = Npy.toBytes(Tensor.of(new float[2], 2));
        byte[] patched = new String(doubles, StandardCharsets.ISO_8859_1).replace("<f4", "<f8").getBytes(StandardCharsets.ISO_8859_1);
        byte[] full = Npy.toBytes(Tensor.of(new float[4], 4));
        byte[] truncatedData = Arrays.copyOf(full, full.length - 10);
        byte[] truncatedHeader = Arrays.copyOf(full, 40);

        assertThatThrownBy(() -> Npy.parse(patched, "d.npy")).hasMessageContaining("d.npy").hasMessageContaining("'<f8' is not supported");
        assertThatThrownBy(() -> Npy.parse(truncatedData, "t.npy")).hasMessageContaining("needs 16 data bytes, file has 6");
        assertThatThrownBy(() -> Npy.parse(truncatedHeader, "h.npy")).hasMessageContaining("truncated .npy header");
        assertThatThrownBy(() -> Npy.parse(new byte[20], "z.npy")).hasMessageContaining("not an .npy file");
    }
}
