package io.lcnnserve.core.testing;

import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes NumPy {@code .npy} files (format 1.0/2.0/3.0) holding little-endian float32
 * ({@code <f4}) or int64 ({@code <i8}) arrays in C order, as {@link Tensor}s.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    public static Tensor read(Path file) {
        try {
            return parse(Files.readAllBytes(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Reads a classpath resource, e.g. {@code "/reference/squeezenet1_1/input_cat.npy"}. */
    public static Tensor readResource(String resource) {
        try (InputStream in = Npy.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no classpath resource " + resource);
            }
            return parse(in.readAllBytes(), resource);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + resource, e);
        }
    }

    /** Parses the bytes of an .npy file; {@code source} names it in error messages. */
    public static Tensor parse(byte[] bytes, String source) {
        if (bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, 6), MAGIC)) {
            throw new IllegalArgumentException(source + " is not an .npy file (bad magic)");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int major = bytes[6];
        int headerLength;
        int headerStart;
        if (major == 1) {
            headerLength = Short.toUnsignedInt(buf.getShort(8));
            headerStart = 10;
        } else if (major == 2 || major == 3) {
            headerLength = buf.getInt(8);
            headerStart = 12;
        } else {
            throw new IllegalArgumentException(source + ": unsupported .npy format version " + major);
        }
        if (headerStart + headerLength > bytes.length) {
            throw new IllegalArgumentException(source + ": truncated .npy header (" + headerLength + " bytes announced, "
                + (bytes.length - headerStart) + " present)");
        }
        String header = new String(bytes, headerStart, headerLength, StandardCharsets.ISO_8859_1);
        String descr = find(DESCR, header, source);
        if (find(FORTRAN, header, source).equals("True")) {
            throw new IllegalArgumentException(source + ": Fortran-order arrays are not supported");
        }
        int[] shape = Arrays.stream(find(SHAPE, header, source).split(","))
            .map(String::trim).filter(s -> !s.isEmpty()).mapToInt(Integer::parseInt).toArray();
        int count = Math.toIntExact(Arrays.stream(shape).asLongStream().reduce(1, Math::multiplyExact));
        buf.position(headerStart + headerLength);
        int elementSize = switch (descr) {
            case "<f4" -> 4;
            case "<i8" -> 8;
            default -> throw new IllegalArgumentException(source + ": dtype '" + descr + "' is not supported (only <f4, <i8)");
        };
        if (buf.remaining() != (long) count * elementSize) {
            throw new IllegalArgumentException(source + ": shape " + Arrays.toString(shape) + " of " + descr + " needs "
                + (long) count * elementSize + " data bytes, file has " + buf.remaining());
        }
        if (elementSize == 4) {
            float[] data = new float[count];
            buf.asFloatBuffer().get(data);
            return Tensor.of(data, shape);
        }
        long[] data = new long[count];
        buf.asLongBuffer().get(data);
        return Tensor.ofLongs(data, shape);
    }

    public static void write(Path file, Tensor tensor) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.write(file, toBytes(tensor));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The .npy (format 1.0) encoding of a FLOAT or INT64 tensor. */
    public static byte[] toBytes(Tensor tensor) {
        String descr = switch (tensor.type()) {
            case FLOAT -> "<f4";
            case INT64 -> "<i8";
            default -> throw new IllegalArgumentException("only FLOAT and INT64 tensors can be written as .npy, got " + tensor.type());
        };
        int[] shape = tensor.shape();
        String dims = shape.length == 1 ? shape[0] + "," : String.join(", ", Arrays.stream(shape).mapToObj(Integer::toString).toList());
        StringBuilder header = new StringBuilder("{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + dims + "), }");
        // NumPy pads the header with spaces so that the data starts at a multiple of 64 bytes.
        while ((10 + header.length() + 1) % 64 != 0) {
            header.append(' ');
        }
        header.append('\n');
        int n = tensor.size();
        ByteBuffer buf = ByteBuffer.allocate(10 + header.length() + n * tensor.type().byteSize()).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        buf.put(header.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (tensor.type() == DataType.FLOAT) {
            buf.asFloatBuffer().put(tensor.floats(), tensor.offset(), n);
        } else {
            buf.asLongBuffer().put(tensor.longs(), tensor.offset(), n);
        }
        return buf.array();
    }

    private static String find(Pattern pattern, String header, String source) {
        Matcher m = pattern.matcher(header);
        if (!m.find()) {
            throw new IllegalArgumentException(source + ": malformed .npy header " + header.strip());
        }
        return m.group(1);
    }
}
