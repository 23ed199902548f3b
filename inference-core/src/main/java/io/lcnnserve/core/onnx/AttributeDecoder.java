package io.lcnnserve.core.onnx;

import com.google.protobuf.ByteString;
import io.lcnnserve.core.ModelLoadException;
import io.lcnnserve.core.onnx.proto.OnnxProto.AttributeProto;
import io.lcnnserve.core.onnx.proto.OnnxProto.AttributeProto.AttributeType;
import io.lcnnserve.core.ops.Attributes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns a node's {@code AttributeProto}s into {@link Attributes} (Long, Float, String, long[], float[], strings, Tensor). */
final class AttributeDecoder {
    private final TensorDecoder tensors;

    AttributeDecoder(TensorDecoder tensors) {
        this.tensors = tensors;
    }

    Attributes decode(List<AttributeProto> protos, String where) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (AttributeProto a : protos) {
            if (!a.getRefAttrName().isEmpty()) {
                throw new ModelLoadException(where + ": attribute '" + a.getName()
                    + "' refers to a function attribute, which is only valid inside functions");
            }
            if (values.put(a.getName(), value(a, where)) != null) {
                throw new ModelLoadException(where + ": attribute '" + a.getName() + "' is given twice");
            }
        }
        return new Attributes(values);
    }

    private Object value(AttributeProto a, String where) {
        AttributeType type = a.getType() == AttributeType.UNDEFINED ? guessType(a) : a.getType();
        return switch (type) {
            case FLOAT -> a.getF();
            case INT -> a.getI();
            case STRING -> a.getS().toStringUtf8();
            case TENSOR -> tensors.decode(a.getT(), where + ": attribute '" + a.getName() + "'");
            case FLOATS -> toFloatArray(a.getFloatsList());
            case INTS -> a.getIntsList().stream().mapToLong(Long::longValue).toArray();
            case STRINGS -> a.getStringsList().stream().map(ByteString::toStringUtf8).toList();
            default -> throw new ModelLoadException(where + ": attribute '" + a.getName() + "' has type " + type
                + ", which is not supported (subgraphs, sparse tensors and type protos are not)");
        };
    }

    /** IR version 1 files carry no type discriminator: infer it from the field that is set. */
    private static AttributeType guessType(AttributeProto a) {
        if (a.hasT()) {
            return AttributeType.TENSOR;
        }
        if (a.hasG()) {
            return AttributeType.GRAPH;
        }
        if (a.getFloatsCount() > 0) {
            return AttributeType.FLOATS;
        }
        if (a.getIntsCount() > 0) {
            return AttributeType.INTS;
        }
        if (a.getStringsCount() > 0) {
            return AttributeType.STRINGS;
        }
        if (!a.getS().isEmpty()) {
            return AttributeType.STRING;
        }
        return a.getF() != 0f ? AttributeType.FLOAT : AttributeType.INT;
    }

    private static float[] toFloatArray(List<Float> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }
}
