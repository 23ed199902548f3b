package io.lcnnserve.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lcnnserve.core.onnx.proto.OnnxProto.AttributeProto;
import io.lcnnserve.core.onnx.proto.OnnxProto.ModelProto;
import io.lcnnserve.core.onnx.proto.OnnxProto.NodeProto;
import io.lcnnserve.core.onnx.proto.OnnxProto.StringStringEntryProto;
import io.lcnnserve.core.onnx.proto.OnnxProto.TensorProto;
import io.lcnnserve.core.onnx.proto.OnnxProto.TensorShapeProto;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxBuilderTest {
    @TempDir
    Path dir;

    /** y = Relu(Conv1x1(x, w, b)) with 2 input and 2 output channels. */
    private static OnnxBuilder pointwiseConvRelu() {
        OnnxBuilder b = OnnxBuilder.graph("pointwise").opset(13);
        b.input("x", DataType.FLOAT, "N", 2, 1, 2);
        String w = b.initializer("w", new float[] {1, 2, -1, 0.5f}, 2, 2, 1, 1);
        String bias = b.initializer("b", new float[] {0.5f, 1}, 2);
        String conv = b.node("Conv").name("conv").inputs("x", w, bias).ints("kernel_shape", 1, 1).add();
        String y = b.node("Relu").name("relu").inputs(conv).outputs("y").add();
        b.output(y, DataType.FLOAT, "N", 2, 1, 2);
        return b;
    }

    private static final Tensor X = Tensor.of(new float[] {1, 2, 3, -4}, 1, 2, 1, 2);
    /** Channel 0: relu(x0 + 2*x1 + 0.5); channel 1: relu(-x0 + 0.5*x1 + 1). */
    private static final float[] Y = {7.5f, 0, 1.5f, 0};

    @Test
    void builtModelRunsInOnnxRuntimeWithTheGivenWeights() {
        Tensor y = OrtOracle.runOnce(pointwiseConvRelu().toBytes(), Map.of("x", X)).get("y");

        assertThat(y.shape()).containsExactly(1, 2, 1, 2);
        assertThat(y.floats()).containsExactly(Y);
    }

    @Test
    void inputsDeclareSymbolicAndFixedDims() {
        ModelProto model = pointwiseConvRelu().toModel();

        var dims = model.getGraph().getInput(0).getType().getTensorType().getShape().getDimList();
        assertThat(dims.get(0).getValueCase()).isEqualTo(TensorShapeProto.Dimension.ValueCase.DIM_PARAM);
        assertThat(dims.get(0).getDimParam()).isEqualTo("N");
        assertThat(dims.subList(1, 4)).extracting(TensorShapeProto.Dimension::getDimValue).containsExactly(2L, 1L, 2L);
        assertThat(model.getGraph().getInputCount()).as("initializers are not graph inputs").isEqualTo(1);
        assertThat(model.getOpsetImport(0).getVersion()).isEqualTo(13);
    }

    @Test
    void attributesKeepTheirTypes() {
        OnnxBuilder b = OnnxBuilder.graph("attrs");
        b.node("Custom").name("n").inputs("x").attr("i", 3).attr("f", 0.25f).attr("s", "text")
            .ints("is", 1, 2).floats("fs", 0.5f, 1.5f).attr("t", OnnxBuilder.floatTensor("t", new float[] {1}, 1)).add();

        Map<String, AttributeProto> attrs = b.nodes().getFirst().getAttributeList().stream()
            .collect(Collectors.toMap(AttributeProto::getName, a -> a));
        assertThat(attrs.get("i").getType()).isEqualTo(AttributeProto.AttributeType.INT);
        assertThat(attrs.get("i").getI()).isEqualTo(3);
        assertThat(attrs.get("f").getType()).isEqualTo(AttributeProto.AttributeType.FLOAT);
        assertThat(attrs.get("f").getF()).isEqualTo(0.25f);
        assertThat(attrs.get("s").getS().toStringUtf8()).isEqualTo("text");
        assertThat(attrs.get("is").getType()).isEqualTo(AttributeProto.AttributeType.INTS);
        assertThat(attrs.get("is").getIntsList()).containsExactly(1L, 2L);
        assertThat(attrs.get("fs").getFloatsList()).containsExactly(0.5f, 1.5f);
        assertThat(attrs.get("t").getType()).isEqualTo(AttributeProto.AttributeType.TENSOR);
    }

    @Test
    void unnamedNodesGetUniqueNamesAndTheirNameAsOutput() {
        OnnxBuilder b = OnnxBuilder.graph("names");
        String first = b.node("Relu").inputs("x").add();
        String second = b.node("Relu").inputs(first).add();

        assertThat(first).isNotEqualTo(second);
        assertThat(b.nodes()).extracting(NodeProto::getName).containsExactly(first, second);
        assertThatThrownBy(() -> b.node("Relu").name(first).inputs("x").add()).hasMessageContaining("used twice");
    }

    @Test
    void tensorsUseRawDataUnlessBuiltWithTypedFields() {
        TensorProto raw = OnnxBuilder.floatTensor("a", new float[] {1.5f, -2}, 2);
        TensorProto fields = OnnxBuilder.floatTensorFields("a", new float[] {1.5f, -2}, 2);
        TensorProto longs = OnnxBuilder.int64TensorFields("l", new long[] {Long.MAX_VALUE, -1}, 2);

        assertThat(raw.getRawData().size()).isEqualTo(8);
        assertThat(raw.getFloatDataCount()).isZero();
        assertThat(fields.getRawData().isEmpty()).isTrue();
        assertThat(OnnxBuilder.floats(raw)).containsExactly(1.5f, -2f);
        assertThat(OnnxBuilder.floats(fields)).containsExactly(1.5f, -2f);
        assertThat(OnnxBuilder.int64s(OnnxBuilder.int64Tensor("l", new long[] {Long.MAX_VALUE, -1}, 2))).containsExactly(Long.MAX_VALUE, -1L);
        assertThat(OnnxBuilder.int64s(longs)).containsExactly(Long.MAX_VALUE, -1L);
        assertThatThrownBy(() -> OnnxBuilder.floatTensor("bad", new float[3], 2, 2)).hasMessageContaining("needs 4 values, got 3");
    }

    @Test
    void engineTensorsOfEveryTypeBecomeRawData() {
        TensorProto bytes = OnnxBuilder.tensor("b", Tensor.ofBytes(DataType.UINT8, new byte[] {1, (byte) 255}, 2));
        TensorProto ints = OnnxBuilder.tensor("i", Tensor.ofInts(new int[] {7, -7}, 2));

        assertThat(bytes.getDataType()).isEqualTo(DataType.UINT8.onnxCode());
        assertThat(bytes.getRawData().toByteArray()).containsExactly(1, (byte) 255);
        assertThat(ints.getRawData().toByteArray()).containsExactly(7, 0, 0, 0, -7, -1, -1, -1);
    }

    @Test
    void scalarsWithTheSameNameAndValueAreShared() {
        OnnxBuilder b = OnnxBuilder.graph("shared");
        assertThat(b.scalar("six", 6f)).isEqualTo(b.scalar("six", 6f));
        assertThat(b.toModel().getGraph().getInitializerCount()).isEqualTo(1);
        assertThatThrownBy(() -> b.scalar("six", 5f)).hasMessageContaining("already exists with value 6.0");
        assertThatThrownBy(() -> b.initializer("six", new float[] {6}, 1)).hasMessageContaining("already defined");
    }

    @Test
    void renamingAValueRewritesItsProducerAndConsumers() {
        OnnxBuilder b = OnnxBuilder.graph("rename");
        String a = b.node("Relu").name("a").inputs("x").add();
        b.node("Sigmoid").name("b").inputs(a).add();

        b.renameValue("a", "features");

        assertThat(b.nodes().get(0).getOutputList()).containsExactly("features");
        assertThat(b.nodes().get(1).getInputList()).containsExactly("features");
        assertThat(b.nodes().get(0).getName()).isEqualTo("a");
    }

    @Test
    void externalDataGoesToAnAlignedSideFileThatOnnxRuntimeReads() throws IOException {
        Path model = pointwiseConvRelu().writeWithExternalData(dir.resolve("m/model.onnx"), "weights.bin", t -> t.getName().equals("w") || t.getName().equals("b"));

        ModelProto proto = ModelProto.parseFrom(Files.readAllBytes(model));
        Map<String, TensorProto> inits = proto.getGraph().getInitializerList().stream().collect(Collectors.toMap(TensorProto::getName, t -> t));
        TensorProto bias = inits.get("b");
        assertThat(bias.getDataLocation()).isEqualTo(TensorProto.DataLocation.EXTERNAL);
        assertThat(bias.getRawData().isEmpty()).isTrue();
        Map<String, String> ref = bias.getExternalDataList().stream()
            .collect(Collectors.toMap(StringStringEntryProto::getKey, StringStringEntryProto::getValue));
        assertThat(ref).containsEntry("location", "weights.bin").containsEntry("offset", "64").containsEntry("length", "8");
        assertThat(Files.size(dir.resolve("m/weights.bin"))).isEqualTo(72);

        try (OrtOracle ort = OrtOracle.open(model, OrtOracle.Options.defaults())) {
            assertThat(ort.run(Map.of("x", X)).get("y").floats()).containsExactly(Y);
        }
    }

    @Test
    void builtModelCanBeWrittenAndReadBack() throws IOException {
        Path file = pointwiseConvRelu().metadata("k", "v").doc("a test model").writeTo(dir.resolve("a/b/model.onnx"));

        ModelProto read = ModelProto.parseFrom(Files.readAllBytes(file));
        assertThat(read.getDocString()).isEqualTo("a test model");
        assertThat(read.getMetadataProps(0).getValue()).isEqualTo("v");
        assertThat(OnnxBuilder.floats(read.getGraph().getInitializer(0))).containsExactly(1, 2, -1, 0.5f);
    }
}
