package io.lcnnserve.store.testing;

import io.lcnnserve.core.onnx.proto.OnnxProto.GraphProto;
import io.lcnnserve.core.onnx.proto.OnnxProto.ModelProto;
import io.lcnnserve.core.onnx.proto.OnnxProto.OperatorSetIdProto;
import io.lcnnserve.core.onnx.proto.OnnxProto.TensorProto;
import io.lcnnserve.core.onnx.proto.OnnxProto.TensorShapeProto;
import io.lcnnserve.core.onnx.proto.OnnxProto.TypeProto;
import io.lcnnserve.core.onnx.proto.OnnxProto.ValueInfoProto;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

/**
 * Tiny ONNX models and repository directories for tests. The models take an image input
 * {@code image [N, 3, side, side]} and return a constant score vector {@code scores [1, classes]}
 * (an initializer), so a test can tell versions apart by their output without depending on any
 * operator implementation.
 */
public final class TestModels {
    public static final String INPUT = "image";
    public static final String OUTPUT = "scores";

    private TestModels() {
    }

    /** A model whose output is {@code scores}, for a {@code side x side} RGB input. */
    public static byte[] constantScores(int side, float... scores) {
        TensorProto.Builder constant = TensorProto.newBuilder().setName(OUTPUT).setDataType(1).addDims(1)
            .addDims(scores.length);
        for (float s : scores) {
            constant.addFloatData(s);
        }
        GraphProto graph = GraphProto.newBuilder().setName("constant_scores")
            .addInput(value(INPUT, dim("N"), dim(3), dim(side), dim(side)))
            .addOutput(value(OUTPUT, dim(1), dim(scores.length)))
            .addInitializer(constant).build();
        return ModelProto.newBuilder().setIrVersion(8).setGraph(graph)
            .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(13)).build().toByteArray();
    }

    /** Writes {@code <root>/<model>/<version>/model.onnx} and returns the version directory. */
    public static Path writeVersion(Path root, String model, long version, byte[] onnx) {
        try {
            Path dir = Files.createDirectories(root.resolve(model).resolve(Long.toString(version)));
            Files.write(dir.resolve("model.onnx"), onnx);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void writeLabels(Path root, String model, List<String> labels) {
        try {
            Files.createDirectories(root.resolve(model));
            Files.write(root.resolve(model).resolve("labels.txt"), labels);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void writeConfig(Path root, String model, String yaml) {
        try {
            Files.createDirectories(root.resolve(model));
            Files.writeString(root.resolve(model).resolve("config.yaml"), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sets a file's modification time into the past, as if it had been written long ago. */
    public static void age(Path file) {
        try {
            Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(3600)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static TensorShapeProto.Dimension dim(int value) {
        return TensorShapeProto.Dimension.newBuilder().setDimValue(value).build();
    }

    private static TensorShapeProto.Dimension dim(String symbol) {
        return TensorShapeProto.Dimension.newBuilder().setDimParam(symbol).build();
    }

    private static ValueInfoProto value(String name, TensorShapeProto.Dimension... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (TensorShapeProto.Dimension d : dims) {
            shape.addDim(d);
        }
        return ValueInfoProto.newBuilder().setName(name)
            .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(1).setShape(shape)))
            .build();
    }
}
