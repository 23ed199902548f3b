package io.lcnnserve.core.ops.spatial;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.lcnnserve.core.onnx.proto.OnnxProto.AttributeProto;
import io.lcnnserve.core.onnx.proto.OnnxProto.GraphProto;
import io.lcnnserve.core.onnx.proto.OnnxProto.ModelProto;
import io.lcnnserve.core.onnx.proto.OnnxProto.NodeProto;
import io.lcnnserve.core.onnx.proto.OnnxProto.OperatorSetIdProto;
import io.lcnnserve.core.onnx.proto.OnnxProto.TensorShapeProto;
import io.lcnnserve.core.onnx.proto.OnnxProto.TypeProto;
import io.lcnnserve.core.onnx.proto.OnnxProto.ValueInfoProto;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a single ONNX node in ONNX Runtime, the oracle for cross-checking our reference ops on
 * random shapes. Every given input is a graph input (not an initializer), so ORT cannot fold it.
 */
public final class OnnxRuntimeOracle {
    private static final int IR_VERSION = 8;

    private OnnxRuntimeOracle() {
    }

    /**
     * Evaluates {@code opType} at {@code opset} with the given attributes (Long, Float, String,
     * long[] or float[] values); a null input is an omitted optional input.
     */
    public static Tensor[] run(String opType, int opset, Map<String, Object> attributes, List<Tensor> inputs,
                               int outputCount) {
        byte[] model = singleNodeModel(opType, opset, attributes, inputs, outputCount).toByteArray();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<String, OnnxTensor> feeds = new HashMap<>();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
            try (OrtSession session = env.createSession(model, options)) {
                for (int i = 0; i < inputs.size(); i++) {
                    if (inputs.get(i) != null) {
                        feeds.put("in" + i, toOrt(env, inputs.get(i)));
                    }
                }
                try (OrtSession.Result result = session.run(feeds)) {
                    Tensor[] outputs = new Tensor[outputCount];
                    for (int i = 0; i < outputCount; i++) {
                        outputs[i] = fromOrt(result.get(i));
                    }
                    return outputs;
                }
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on " + opType + " " + attributes + ": " + e.getMessage(), e);
        } finally {
            feeds.values().forEach(OnnxTensor::close);
        }
    }

    private static ModelProto singleNodeModel(String opType, int opset, Map<String, Object> attributes,
                                              List<Tensor> inputs, int outputCount) {
        NodeProto.Builder node = NodeProto.newBuilder().setOpType(opType).setName("node");
        GraphProto.Builder graph = GraphProto.newBuilder().setName("oracle");
        for (int i = 0; i < inputs.size(); i++) {
            Tensor input = inputs.get(i);
            node.addInput(input == null ? "" : "in" + i);
            if (input != null) {
                graph.addInput(valueInfo("in" + i, input.type(), input.shape()));
            }
        }
        for (int i = 0; i < outputCount; i++) {
            node.addOutput("out" + i);
            graph.addOutput(ValueInfoProto.newBuilder().setName("out" + i));
        }
        attributes.forEach((name, value) -> node.addAttribute(attribute(name, value)));
        graph.addNode(node);
        return ModelProto.newBuilder().setIrVersion(IR_VERSION)
            .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
            .setGraph(graph).build();
    }

    private static ValueInfoProto valueInfo(String name, DataType type, int[] shape) {
        TensorShapeProto.Builder dims = TensorShapeProto.newBuilder();
        for (int d : shape) {
            dims.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(name)
            .setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(type.onnxCode()).setShape(dims)))
            .build();
    }

    private static AttributeProto attribute(String name, Object value) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name);
        switch (value) {
            case Long i -> a.setType(AttributeProto.AttributeType.INT).setI(i);
            case Float f -> a.setType(AttributeProto.AttributeType.FLOAT).setF(f);
            case String s -> a.setType(AttributeProto.AttributeType.STRING).setS(com.google.protobuf.ByteString.copyFromUtf8(s));
            case long[] ints -> {
                a.setType(AttributeProto.AttributeType.INTS);
                for (long i : ints) {
                    a.addInts(i);
                }
            }
            case float[] floats -> {
                a.setType(AttributeProto.AttributeType.FLOATS);
                for (float f : floats) {
                    a.addFloats(f);
                }
            }
            default -> throw new IllegalArgumentException("attribute " + name + " has unsupported value " + value);
        }
        return a.build();
    }

    private static OnnxTensor toOrt(OrtEnvironment env, Tensor tensor) throws OrtException {
        long[] shape = java.util.Arrays.stream(tensor.shape()).asLongStream().toArray();
        return switch (tensor.type()) {
            case FLOAT -> OnnxTensor.createTensor(env, FloatBuffer.wrap(tensor.toFloatArray()), shape);
            case INT64 -> OnnxTensor.createTensor(env, LongBuffer.wrap(tensor.toLongArray()), shape);
            default -> throw new IllegalArgumentException("oracle inputs are float32 or int64, got " + tensor.type());
        };
    }

    private static Tensor fromOrt(OnnxValue value) throws OrtException {
        OnnxTensor tensor = (OnnxTensor) value;
        int[] shape = java.util.Arrays.stream(tensor.getInfo().getShape()).mapToInt(Math::toIntExact).toArray();
        return switch (tensor.getInfo().type) {
            case FLOAT -> {
                FloatBuffer buffer = tensor.getFloatBuffer();
                float[] data = new float[buffer.remaining()];
                buffer.get(data);
                yield Tensor.of(data, shape);
            }
            case INT64 -> {
                LongBuffer buffer = tensor.getLongBuffer();
                long[] data = new long[buffer.remaining()];
                buffer.get(data);
                yield Tensor.ofLongs(data, shape);
            }
            default -> throw new IllegalArgumentException("unexpected ORT output type " + tensor.getInfo().type);
        };
    }

    /** The inputs as a list that may hold nulls (omitted optional inputs). */
    public static List<Tensor> inputs(Tensor... tensors) {
        List<Tensor> list = new ArrayList<>();
        java.util.Collections.addAll(list, tensors);
        return list;
    }
}
