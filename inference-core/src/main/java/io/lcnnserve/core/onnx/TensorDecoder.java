package io.lcnnserve.core.onnx;

import com.google.protobuf.ByteString;
import io.lcnnserve.core.ModelLoadException;
import io.lcnnserve.core.onnx.proto.OnnxProto.StringStringEntryProto;
import io.lcnnserve.core.onnx.proto.OnnxProto.TensorProto;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Decodes an ONNX {@code TensorProto} (an initializer or a tensor attribute) into a {@link Tensor}.
 * Data may be in {@code raw_data} (little-endian), in the typed repeated fields, or in an external
 * file next to the model ({@code data_location = EXTERNAL}), which must stay inside the model's
 * directory. Sizes are validated against the declared dims before anything is allocated.
 */
public final class TensorDecoder {
    private final Path baseDir;
    private final LoadLimits limits;

    /** @param baseDir the model's directory, for external data; null when the model came from bytes */
    public TensorDecoder(Path baseDir, LoadLimits limits) {
        this.baseDir = baseDir;
        this.limits = limits;
    }

    public Tensor decode(TensorProto proto, String what) {
        DataType type = DataType.fromOnnx(proto.getDataType());
        if (type == null) {
            throw new ModelLoadException(what + " has element type " + DataType.onnxName(proto.getDataType())
                + ", which is not supported (supported: FLOAT, DOUBLE, INT64, INT32, UINT8, INT8, BOOL)");
        }
        int[] dims = new int[proto.getDimsCount()];
        long count = 1;
        for (int i = 0; i < dims.length; i++) {
            long d = proto.getDims(i);
            if (d < 0) {
                throw new ModelLoadException(what + " declares a negative dimension " + d);
            }
            count *= d;
            if (d > Integer.MAX_VALUE || count > limits.maxTensorElements()) {
                throw new ModelLoadException(what + " declares shape " + proto.getDimsList() + ", "
                    + "more than the limit of " + limits.maxTensorElements() + " elements");
            }
            dims[i] = (int) d;
        }
        int n = (int) count;
        Object data = proto.getDataLocation() == TensorProto.DataLocation.EXTERNAL
            ? fromBytes(type, readExternal(proto, what, (long) n * type.byteSize()), n)
            : proto.getRawData().isEmpty() && n > 0 ? fromTypedFields(proto, type, n, what)
            : fromBytes(type, checkedRaw(proto.getRawData(), (long) n * type.byteSize(), what), n);
        return Tensor.wrap(type, dims, data, 0);
    }

    private static ByteBuffer checkedRaw(ByteString raw, long expectedBytes, String what) {
        if (raw.size() != expectedBytes) {
            throw new ModelLoadException(what + " has " + raw.size() + " bytes of raw_data, but its shape and type need "
                + expectedBytes);
        }
        return raw.asReadOnlyByteBuffer();
    }

    private static Object fromBytes(DataType type, ByteBuffer bytes, int n) {
        ByteBuffer b = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        Object out = Tensor.newArray(type, n);
        switch (type) {
            case FLOAT -> b.asFloatBuffer().get((float[]) out);
            case DOUBLE -> b.asDoubleBuffer().get((double[]) out);
            case INT64 -> b.asLongBuffer().get((long[]) out);
            case INT32 -> b.asIntBuffer().get((int[]) out);
            case UINT8, INT8, BOOL -> b.get((byte[]) out);
        }
        return out;
    }

    private static Object fromTypedFields(TensorProto p, DataType type, int n, String what) {
        int available = switch (type) {
            case FLOAT -> p.getFloatDataCount();
            case DOUBLE -> p.getDoubleDataCount();
            case INT64 -> p.getInt64DataCount();
            case INT32, UINT8, INT8, BOOL -> p.getInt32DataCount();
        };
        if (available != n) {
            throw new ModelLoadException(what + " has " + available + " data values, but its shape "
                + p.getDimsList() + " needs " + n);
        }
        Object out = Tensor.newArray(type, n);
        for (int i = 0; i < n; i++) {
            switch (type) {
                case FLOAT -> ((float[]) out)[i] = p.getFloatData(i);
                case DOUBLE -> ((double[]) out)[i] = p.getDoubleData(i);
                case INT64 -> ((long[]) out)[i] = p.getInt64Data(i);
                case INT32 -> ((int[]) out)[i] = p.getInt32Data(i);
                case UINT8, INT8, BOOL -> ((byte[]) out)[i] = (byte) p.getInt32Data(i);
            }
        }
        return out;
    }

    private ByteBuffer readExternal(TensorProto proto, String what, long expectedBytes) {
        String location = null;
        long offset = 0;
        long length = -1;
        for (StringStringEntryProto e : proto.getExternalDataList()) {
            switch (e.getKey()) {
                case "location" -> location = e.getValue();
                case "offset" -> offset = parseLong(e.getValue(), "offset", what);
                case "length" -> length = parseLong(e.getValue(), "length", what);
                case "checksum" -> { }
                default -> throw new ModelLoadException(what + " has unknown external_data key '" + e.getKey() + "'");
            }
        }
        if (location == null || location.isEmpty()) {
            throw new ModelLoadException(what + " is stored externally but names no location");
        }
        if (baseDir == null) {
            throw new ModelLoadException(what + " is stored in external file '" + location
                + "', but the model was loaded from bytes, not from a directory");
        }
        Path file = resolveInside(location, what);
        if (length >= 0 && length != expectedBytes) {
            throw new ModelLoadException(what + " declares external length " + length + " bytes, but its shape and type need "
                + expectedBytes);
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            if (offset < 0 || offset + expectedBytes > raf.length()) {
                throw new ModelLoadException(what + " needs bytes " + offset + ".." + (offset + expectedBytes)
                    + " of external file '" + location + "', which has " + raf.length() + " bytes");
            }
            byte[] bytes = new byte[(int) expectedBytes];
            raf.seek(offset);
            raf.readFully(bytes);
            return ByteBuffer.wrap(bytes);
        } catch (IOException e) {
            throw new ModelLoadException(what + ": cannot read external file '" + location + "': " + e.getMessage(), e);
        }
    }

    /** Resolves an external-data path, refusing anything that leaves the model's directory. */
    private Path resolveInside(String location, String what) {
        Path relative = Path.of(location);
        if (relative.isAbsolute()) {
            throw new ModelLoadException(what + ": external data path '" + location
                + "' is absolute; it must be relative to the model's directory");
        }
        try {
            Path root = baseDir.toRealPath();
            Path candidate = root.resolve(relative).normalize();
            if (!candidate.startsWith(root)) {
                throw new ModelLoadException(what + ": external data path '" + location + "' escapes the model's directory");
            }
            if (!Files.isRegularFile(candidate)) {
                throw new ModelLoadException(what + ": external data file '" + location + "' does not exist");
            }
            Path real = candidate.toRealPath();
            if (!real.startsWith(root)) {
                throw new ModelLoadException(what + ": external data path '" + location
                    + "' is a link that escapes the model's directory");
            }
            return real;
        } catch (IOException e) {
            throw new ModelLoadException(what + ": cannot resolve external data path '" + location + "': " + e.getMessage(), e);
        }
    }

    private static long parseLong(String value, String key, String what) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new ModelLoadException(what + " has a non-numeric external_data " + key + " '" + value + "'");
        }
    }
}
