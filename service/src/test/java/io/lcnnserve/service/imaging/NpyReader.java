package io.lcnnserve.service.imaging;

import io.lcnnserve.core.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the little-endian float32, C-order {@code .npy} files (format 1.0) used as references. */
public final class NpyReader {
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    private NpyReader() {
    }

    public static Tensor readResource(String resource) {
        try (InputStream in = NpyReader.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("missing test resource " + resource);
            }
            return read(in.readAllBytes(), resource);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Tensor read(byte[] bytes, String name) {
        if (bytes.length < 10 || (bytes[0] & 0xff) != 0x93 || bytes[1] != 'N' || bytes[6] != 1) {
            throw new IllegalArgumentException(name + " is not an .npy 1.x file");
        }
        int headerLength = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
        String header = new String(bytes, 10, headerLength, StandardCharsets.US_ASCII);
        if (!header.contains("'descr': '<f4'") || !header.contains("'fortran_order': False")) {
            throw new IllegalArgumentException(name + ": only little-endian float32 C-order arrays are supported, header " + header);
        }
        Matcher shapeMatch = SHAPE.matcher(header);
        if (!shapeMatch.find()) {
            throw new IllegalArgumentException(name + ": no shape in header " + header);
        }
        String[] dims = shapeMatch.group(1).split(",");
        int rank = 0;
        int[] shape = new int[dims.length];
        for (String dim : dims) {
            if (!dim.isBlank()) {
                shape[rank++] = Integer.parseInt(dim.trim());
            }
        }
        shape = java.util.Arrays.copyOf(shape, rank);
        int count = 1;
        for (int d : shape) {
            count *= d;
        }
        float[] data = new float[count];
        ByteBuffer.wrap(bytes, 10 + headerLength, count * 4).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
        return Tensor.of(data, shape);
    }
}
