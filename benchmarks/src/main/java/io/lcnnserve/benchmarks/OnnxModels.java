package io.lcnnserve.benchmarks;

import com.google.protobuf.ByteString;
import io.lcnnserve.core.onnx.proto.OnnxProto.GraphProto;
import io.lcnnserve.core.onnx.proto.OnnxProto.ModelProto;
import io.lcnnserve.core.onnx.proto.OnnxProto.NodeProto;
import io.lcnnserve.core.onnx.proto.OnnxProto.OperatorSetIdProto;
import io.lcnnserve.core.onnx.proto.OnnxProto.TensorProto;
import io.lcnnserve.core.onnx.proto.OnnxProto.TensorShapeProto;
import io.lcnnserve.core.onnx.proto.OnnxProto.TypeProto;
import io.lcnnserve.core.onnx.proto.OnnxProto.ValueInfoProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Small ONNX models built in memory for the baseline side of the benchmarks. */
final class OnnxModels {

    private OnnxModels() {
    }

    /**
     * A one-node {@code C = MatMul(A, B)} model, A [m, k] and B [k, n]. The operand given in
     * {@code constantWeights} (a row-major float array) is an initializer, as weights are in a real
     * model; the other is the graph input.
     */
    static byte[] matMul(int m, int k, int n, boolean weightsOnLeft, float[] constantWeights) {
        String weightName = weightsOnLeft ? "A" : "B";
        String inputName = weightsOnLeft ? "B" : "A";
        int[] weightShape = weightsOnLeft ? new int[] {m, k} : new int[] {k, n};
        int[] inputShape = weightsOnLeft ? new int[] {k, n} : new int[] {m, k};
        GraphProto graph = GraphProto.newBuilder()
            .setName("matmul_" + m + "x" + k + "x" + n)
            .addNode(NodeProto.newBuilder().setOpType("MatMul").addInput("A").addInput("B").addOutput("C"))
            .addInitializer(floatTensor(weightName, weightShape, constantWeights))
            .addInput(floatValue(inputName, inputShape))
            .addOutput(floatValue("C", new int[] {m, n}))
            .build();
        return ModelProto.newBuilder()
            .setIrVersion(8)
            .setProducerName("lcnn-serve-benchmarks")
            .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
            .setGraph(graph)
            .build()
            .toByteArray();
    }

    private static TensorProto floatTensor(String name, int[] shape, float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        TensorProto.Builder tensor = TensorProto.newBuilder()
            .setName(name)
            .setDataType(TensorProto.DataType.FLOAT_VALUE)
            .setRawData(ByteString.copyFrom(bytes.array()));
        for (int dim : shape) {
            tensor.addDims(dim);
        }
        return tensor.build();
    }

    private static ValueInfoProto floatValue(String name, int[] shape) {
        TensorShapeProto.Builder dims = TensorShapeProto.newBuilder();
        for (int dim : shape) {
            dims.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(dim));
        }
        TypeProto type = TypeProto.newBuilder()
            .setTensorType(TypeProto.Tensor.newBuilder()
                .setElemType(TensorProto.DataType.FLOAT_VALUE)
                .setShape(dims))
            .build();
        return ValueInfoProto.newBuilder().setName(name).setType(type).build();
    }
}
