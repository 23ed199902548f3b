package io.lcnnserve.core.onnx;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.lcnnserve.core.ModelLoadException;
import io.lcnnserve.core.onnx.proto.OnnxProto.AttributeProto;
import io.lcnnserve.core.onnx.proto.OnnxProto.GraphProto;
import io.lcnnserve.core.onnx.proto.OnnxProto.ModelProto;
import io.lcnnserve.core.onnx.proto.OnnxProto.NodeProto;
import io.lcnnserve.core.onnx.proto.OnnxProto.OperatorSetIdProto;
import io.lcnnserve.core.onnx.proto.OnnxProto.StringStringEntryProto;
import io.lcnnserve.core.onnx.proto.OnnxProto.TensorProto;
import io.lcnnserve.core.onnx.proto.OnnxProto.TensorShapeProto;
import io.lcnnserve.core.onnx.proto.OnnxProto.TypeProto;
import io.lcnnserve.core.onnx.proto.OnnxProto.ValueInfoProto;
import io.lcnnserve.core.runtime.OnnxModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad models fail at load time with a message that says what is wrong and where. */
class BadModelTest {
    @TempDir
    Path dir;

    @Test
    void truncatedFileIsRejectedAsCorruptProtobuf() throws IOException {
        byte[] good = reluModel().toByteArray();
        Path file = dir.resolve("truncated.onnx");
        Files.write(file, Arrays.copyOf(good, good.length / 2));
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> OnnxModels.load(file));
        assertThat(e.getMessage()).contains("truncated.onnx").contains("not a valid ONNX model");
    }

    @Test
    void randomBytesAreRejected() throws IOException {
        byte[] noise = new byte[4096];
        new Random(7).nextBytes(noise);
        Path file = dir.resolve("noise.onnx");
        Files.write(file, noise);
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> OnnxModels.load(file));
        assertThat(e.getMessage()).contains("noise.onnx").containsAnyOf("not a valid ONNX model", "not an ONNX model");
    }

    @Test
    void emptyFileHasNoGraph() throws IOException {
        Path file = dir.resolve("empty.onnx");
        Files.write(file, new byte[0]);
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> OnnxModels.load(file));
        assertThat(e.getMessage()).contains("contains no graph");
    }

    @Test
    void unknownOperatorNamesNodeOpTypeAndOpset() {
        ModelProto model = model(13, NodeProto.newBuilder().setName("mystery").setOpType("FancyOp")
            .addInput("x").addOutput("y").build());
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> load(model));
        assertThat(e.getMessage()).isEqualTo("node 'mystery' (FancyOp, opset 13): operator FancyOp is not supported");
    }

    @Test
    void unsupportedAttributeIsRejectedAtLoad() {
        ModelProto model = model(13, NodeProto.newBuilder().setName("r").setOpType("Relu").addInput("x").addOutput("y")
            .addAttribute(AttributeProto.newBuilder().setName("flavour").setType(AttributeProto.AttributeType.INT).setI(3))
            .build());
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> load(model));
        assertThat(e.getMessage()).contains("node 'r' (Relu, opset 13)").contains("unsupported attribute(s) [flavour]");
    }

    @Test
    void unsupportedAttributeValueIsRejectedAtLoad() {
        ModelProto model = model(13, NodeProto.newBuilder().setName("c").setOpType("Conv").addInput("x").addInput("w")
            .addOutput("y")
            .addAttribute(AttributeProto.newBuilder().setName("auto_pad").setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8("SOMETIMES")))
            .build());
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> load(model));
        assertThat(e.getMessage()).contains("node 'c' (Conv, opset 13)").contains("auto_pad").contains("SOMETIMES");
    }

    @Test
    void newerOpsetIsRejected() {
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> load(reluModel().toBuilder()
            .setOpsetImport(0, OperatorSetIdProto.newBuilder().setVersion(99)).build()));
        assertThat(e.getMessage()).contains("opset 99").contains("newer than the supported 21");
    }

    @Test
    void inputProducedByNobodyIsNamed() {
        ModelProto model = model(13, NodeProto.newBuilder().setName("r").setOpType("Relu").addInput("ghost").addOutput("y")
            .build());
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> load(model));
        assertThat(e.getMessage()).contains("node 'r' (Relu, opset 13)").contains("input 'ghost' is not produced");
    }

    @Test
    void absurdDeclaredTensorSizeFailsWithoutAllocating() {
        TensorProto huge = TensorProto.newBuilder().setName("w").setDataType(1)
            .addDims(1L << 20).addDims(1L << 20).addDims(1L << 10).build();
        ModelProto model = withInitializer(reluModel(), huge);
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> load(model));
        assertThat(e.getMessage()).contains("initializers declare").contains("above the limit");
    }

    @Test
    void tensorLargerThanElementLimitIsRejected() {
        TensorProto big = TensorProto.newBuilder().setName("w").setDataType(1).addDims(1000).addDims(1000).build();
        ModelProto model = withInitializer(reluModel(), big);
        LoadLimits limits = new LoadLimits(Integer.MAX_VALUE, 1000, Long.MAX_VALUE);
        ModelLoadException e = assertThrows(ModelLoadException.class,
            () -> OnnxModels.load(model.toByteArray(), "m", limits));
        assertThat(e.getMessage()).contains("initializer 'w'").contains("more than the limit of 1000 elements");
    }

    @Test
    void rawDataOfWrongLengthIsRejected() {
        TensorProto w = TensorProto.newBuilder().setName("w").setDataType(1).addDims(4)
            .setRawData(ByteString.copyFrom(new byte[12])).build();
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> load(withInitializer(reluModel(), w)));
        assertThat(e.getMessage()).contains("initializer 'w' has 12 bytes of raw_data").contains("need 16");
    }

    @Test
    void unsupportedElementTypeIsNamed() {
        TensorProto w = TensorProto.newBuilder().setName("w").setDataType(10).addDims(2)
            .setRawData(ByteString.copyFrom(new byte[4])).build();
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> load(withInitializer(reluModel(), w)));
        assertThat(e.getMessage()).contains("initializer 'w' has element type FLOAT16");
    }

    @Test
    void externalDataPathEscapingTheModelDirectoryIsRejected() throws IOException {
        Files.write(dir.resolve("secret.bin"), new byte[16]);
        Path modelDir = Files.createDirectories(dir.resolve("model"));
        TensorProto w = externalTensor("../secret.bin");
        Path file = modelDir.resolve("model.onnx");
        Files.write(file, withInitializer(reluModel(), w).toByteArray());
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> OnnxModels.load(file));
        assertThat(e.getMessage()).contains("external data path '../secret.bin' escapes the model's directory");
    }

    @Test
    void absoluteExternalDataPathIsRejected() throws IOException {
        Path file = dir.resolve("model.onnx");
        Files.write(file, withInitializer(reluModel(), externalTensor("/etc/passwd")).toByteArray());
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> OnnxModels.load(file));
        assertThat(e.getMessage()).contains("'/etc/passwd' is absolute");
    }

    @Test
    void symlinkedExternalDataLeavingTheDirectoryIsRejected() throws IOException {
        Files.write(dir.resolve("outside.bin"), new byte[16]);
        Path modelDir = Files.createDirectories(dir.resolve("m"));
        Files.createSymbolicLink(modelDir.resolve("weights.bin"), dir.resolve("outside.bin"));
        Path file = modelDir.resolve("model.onnx");
        Files.write(file, withInitializer(reluModel(), externalTensor("weights.bin")).toByteArray());
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> OnnxModels.load(file));
        assertThat(e.getMessage()).contains("is a link that escapes the model's directory");
    }

    @Test
    void externalDataInsideTheDirectoryLoads() throws IOException {
        Path modelDir = Files.createDirectories(dir.resolve("ok"));
        Files.write(modelDir.resolve("weights.bin"), new byte[16]);
        Path file = modelDir.resolve("model.onnx");
        Files.write(file, withInitializer(reluModel(), externalTensor("weights.bin")).toByteArray());
        assertThat(OnnxModels.load(file).weightBytes()).isEqualTo(16);
    }

    @Test
    void externalDataShorterThanDeclaredIsRejected() throws IOException {
        Path modelDir = Files.createDirectories(dir.resolve("short"));
        Files.write(modelDir.resolve("weights.bin"), new byte[8]);
        Path file = modelDir.resolve("model.onnx");
        Files.write(file, withInitializer(reluModel(), externalTensor("weights.bin")).toByteArray());
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> OnnxModels.load(file));
        assertThat(e.getMessage()).contains("needs bytes 0..16").contains("which has 8 bytes");
    }

    private static TensorProto externalTensor(String location) {
        return TensorProto.newBuilder().setName("w").setDataType(1).addDims(4)
            .setDataLocation(TensorProto.DataLocation.EXTERNAL)
            .addExternalData(StringStringEntryProto.newBuilder().setKey("location").setValue(location))
            .build();
    }

    private static void load(ModelProto model) {
        OnnxModels.load(model.toByteArray(), "test");
    }

    private static ModelProto reluModel() {
        return model(13, NodeProto.newBuilder().setName("relu").setOpType("Relu").addInput("x").addOutput("y").build());
    }

    private static ModelProto withInitializer(ModelProto model, TensorProto initializer) {
        return model.toBuilder().setGraph(model.getGraph().toBuilder().addInitializer(initializer)).build();
    }

    private static ModelProto model(int opset, NodeProto node) {
        GraphProto graph = GraphProto.newBuilder().setName("g").addNode(node)
            .addInput(floatValue("x")).addOutput(floatValue("y")).build();
        return ModelProto.newBuilder().setIrVersion(8).setGraph(graph)
            .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(opset)).build();
    }

    private static ValueInfoProto floatValue(String name) {
        TensorShapeProto shape = TensorShapeProto.newBuilder()
            .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(2))
            .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(3)).build();
        return ValueInfoProto.newBuilder().setName(name)
            .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(1).setShape(shape)))
            .build();
    }
}
