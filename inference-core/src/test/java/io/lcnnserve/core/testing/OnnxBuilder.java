package io.lcnnserve.core.testing;

import com.google.protobuf.ByteString;
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
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A small fluent builder of ONNX models over the generated protobuf classes, for tests.
 *
 * <pre>{@code
 * OnnxBuilder b = OnnxBuilder.graph("tiny").opset(13);
 * b.input("x", DataType.FLOAT, "N", 3, 8, 8);
 * String w = b.initializer("w", weights, 4, 3, 3, 3);
 * String y = b.node("Conv").inputs("x", w).ints("pads", 1, 1, 1, 1).add();
 * b.output(y, DataType.FLOAT, "N", 4, 8, 8);
 * byte[] model = b.toBytes();
 * }</pre>
 *
 * Initializers are stored as {@code raw_data} (little-endian) unless built with the {@code *Fields}
 * factories. Graph inputs list only the real inputs, never initializers, as exporters do today.
 * Nodes must be added in topological order (the builder does not sort).
 */
public final class OnnxBuilder {
    private final String graphName;
    private int opset = 13;
    private long irVersion = 8;
    private String docString = "";
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private final List<ValueInfoProto> inputs = new ArrayList<>();
    private final List<ValueInfoProto> outputs = new ArrayList<>();
    private final List<NodeProto> nodes = new ArrayList<>();
    private final Map<String, TensorProto> initializers = new LinkedHashMap<>();
    private final Set<String> nodeNames = new HashSet<>();

    private OnnxBuilder(String graphName) {
        this.graphName = graphName;
    }

    /** A new model whose graph is called {@code name}. */
    public static OnnxBuilder graph(String name) {
        return new OnnxBuilder(name);
    }

    /** The default-domain opset to import (13 unless set). */
    public OnnxBuilder opset(int version) {
        this.opset = version;
        return this;
    }

    public OnnxBuilder irVersion(long version) {
        this.irVersion = version;
        return this;
    }

    public OnnxBuilder doc(String text) {
        this.docString = text;
        return this;
    }

    public OnnxBuilder metadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    public int opset() {
        return opset;
    }

    public String name() {
        return graphName;
    }

    /**
     * Declares a graph input. Each dim is an {@link Integer}/{@link Long} (fixed), a {@link String}
     * (symbolic, e.g. "N") or {@code null} (unknown). No dims at all leaves the shape unset.
     */
    public OnnxBuilder input(String name, DataType type, Object... dims) {
        inputs.add(valueInfo(name, type, dims));
        return this;
    }

    /** Declares a graph output; dims as for {@link #input}. */
    public OnnxBuilder output(String name, DataType type, Object... dims) {
        outputs.add(valueInfo(name, type, dims));
        return this;
    }

    /** Declares a graph output whose type and shape are left to the runtime's inference. */
    public OnnxBuilder output(String name) {
        outputs.add(ValueInfoProto.newBuilder().setName(name).build());
        return this;
    }

    /** A float32 initializer of the given shape (raw_data); returns its name. */
    public String initializer(String name, float[] values, int... dims) {
        return initializer(floatTensor(name, values, dims));
    }

    /** An int64 initializer of the given shape (raw_data); returns its name. */
    public String initializer(String name, long[] values, int... dims) {
        return initializer(int64Tensor(name, values, dims));
    }

    /** Adds a prepared tensor as an initializer; returns its name. Names must be unique. */
    public String initializer(TensorProto tensor) {
        if (initializers.putIfAbsent(tensor.getName(), tensor) != null) {
            throw new IllegalArgumentException("initializer '" + tensor.getName() + "' is already defined in graph " + graphName);
        }
        return tensor.getName();
    }

    /** A 1-D int64 initializer (shapes, axes, split sizes); returns its name. */
    public String int64s(String name, long... values) {
        return initializer(name, values, values.length);
    }

    /**
     * A float scalar (rank 0) initializer. Asking again for the same name and value returns the
     * existing one, so constants such as ReLU6's bounds can be shared by many nodes.
     */
    public String scalar(String name, float value) {
        TensorProto existing = initializers.get(name);
        if (existing != null) {
            float old = floats(existing)[0];
            if (existing.getDimsCount() != 0 || Float.compare(old, value) != 0) {
                throw new IllegalArgumentException("scalar '" + name + "' already exists with value " + old + ", asked for " + value);
            }
            return name;
        }
        return initializer(name, new float[] {value});
    }

    /** Replaces the data of a float initializer (same element count), e.g. after calibration. */
    public void replaceInitializer(String name, float[] values) {
        TensorProto old = initializer(name);
        int[] dims = old.getDimsList().stream().mapToInt(Long::intValue).toArray();
        initializers.put(name, floatTensor(name, values, dims));
    }

    /** Renames a value produced by a node everywhere it occurs (e.g. the last node's output to "logits"). */
    public void renameValue(String from, String to) {
        for (int i = 0; i < nodes.size(); i++) {
            NodeProto node = nodes.get(i);
            if (node.getInputList().contains(from) || node.getOutputList().contains(from)) {
                NodeProto.Builder renamed = node.toBuilder().clearInput().clearOutput();
                node.getInputList().forEach(n -> renamed.addInput(n.equals(from) ? to : n));
                node.getOutputList().forEach(n -> renamed.addOutput(n.equals(from) ? to : n));
                nodes.set(i, renamed.build());
            }
        }
    }

    /** Starts a node of the default domain. */
    public NodeBuilder node(String opType) {
        return new NodeBuilder(opType);
    }

    /** The nodes added so far, in order (read-only view). */
    public List<NodeProto> nodes() {
        return Collections.unmodifiableList(nodes);
    }

    /** The initializer called {@code name}; throws if there is none. */
    public TensorProto initializer(String name) {
        TensorProto t = initializers.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no initializer '" + name + "' in graph " + graphName);
        }
        return t;
    }

    public boolean isInitializer(String name) {
        return initializers.containsKey(name);
    }

    /** The declared graph inputs so far. */
    public List<ValueInfoProto> inputs() {
        return Collections.unmodifiableList(inputs);
    }

    public ModelProto toModel() {
        GraphProto.Builder graph = GraphProto.newBuilder()
            .setName(graphName)
            .addAllInput(inputs)
            .addAllOutput(outputs)
            .addAllNode(nodes)
            .addAllInitializer(initializers.values());
        ModelProto.Builder model = ModelProto.newBuilder()
            .setIrVersion(irVersion)
            .setProducerName("lcnn-serve tests")
            .setProducerVersion("1")
            .setDocString(docString)
            .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
            .setGraph(graph);
        metadata.forEach((k, v) -> model.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return model.build();
    }

    public byte[] toBytes() {
        return toModel().toByteArray();
    }

    /** Writes the model to {@code file} (parent directories are created); returns the file. */
    public Path writeTo(Path file) {
        return write(file, toBytes());
    }

    /**
     * Writes the model with every initializer that {@code external} selects moved to the side file
     * {@code location} (resolved next to the model file), as ONNX external data: raw bytes back to back
     * at 64-byte aligned offsets, {@code data_location = EXTERNAL} with location/offset/length entries.
     */
    public Path writeWithExternalData(Path modelFile, String location, Predicate<TensorProto> external) {
        ModelProto model = toModel();
        GraphProto.Builder graph = model.getGraph().toBuilder().clearInitializer();
        ByteString.Output data = ByteString.newOutput();
        for (TensorProto t : model.getGraph().getInitializerList()) {
            if (!external.test(t)) {
                graph.addInitializer(t);
                continue;
            }
            while (data.size() % 64 != 0) {
                data.write(0);
            }
            long offset = data.size();
            byte[] raw = t.getRawData().toByteArray();
            data.write(raw, 0, raw.length);
            graph.addInitializer(externalReference(t, location, offset, raw.length));
        }
        Path parent = modelFile.toAbsolutePath().getParent();
        write(parent.resolve(location), data.toByteString().toByteArray());
        return write(modelFile, model.toBuilder().setGraph(graph).build().toByteArray());
    }

    /**
     * {@code tensor} with its raw data removed and an EXTERNAL reference to {@code location} at
     * {@code offset}/{@code length} instead; for tests of external-data import (including broken refs).
     */
    public static TensorProto externalReference(TensorProto tensor, String location, long offset, long length) {
        return tensor.toBuilder()
            .clearRawData()
            .setDataLocation(TensorProto.DataLocation.EXTERNAL)
            .addExternalData(entry("location", location))
            .addExternalData(entry("offset", Long.toString(offset)))
            .addExternalData(entry("length", Long.toString(length)))
            .build();
    }

    /** A float32 tensor with little-endian {@code raw_data}. */
    public static TensorProto floatTensor(String name, float[] values, int... dims) {
        checkCount(name, values.length, dims);
        ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(values);
        return tensorHeader(name, DataType.FLOAT, dims).setRawData(ByteString.copyFrom(buf.array())).build();
    }

    /** A float32 tensor stored in the typed {@code float_data} field instead of raw_data. */
    public static TensorProto floatTensorFields(String name, float[] values, int... dims) {
        checkCount(name, values.length, dims);
        TensorProto.Builder t = tensorHeader(name, DataType.FLOAT, dims);
        for (float v : values) {
            t.addFloatData(v);
        }
        return t.build();
    }

    /** An int64 tensor with little-endian {@code raw_data}. */
    public static TensorProto int64Tensor(String name, long[] values, int... dims) {
        checkCount(name, values.length, dims);
        ByteBuffer buf = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        buf.asLongBuffer().put(values);
        return tensorHeader(name, DataType.INT64, dims).setRawData(ByteString.copyFrom(buf.array())).build();
    }

    /** An int64 tensor stored in the typed {@code int64_data} field. */
    public static TensorProto int64TensorFields(String name, long[] values, int... dims) {
        checkCount(name, values.length, dims);
        TensorProto.Builder t = tensorHeader(name, DataType.INT64, dims);
        for (long v : values) {
            t.addInt64Data(v);
        }
        return t.build();
    }

    /** Any engine tensor as a TensorProto with raw_data (all element types the engine has). */
    public static TensorProto tensor(String name, Tensor value) {
        int n = value.size();
        ByteBuffer buf = ByteBuffer.allocate(n * value.type().byteSize()).order(ByteOrder.LITTLE_ENDIAN);
        int off = value.offset();
        switch (value.type()) {
            case FLOAT -> buf.asFloatBuffer().put(value.floats(), off, n);
            case INT64 -> buf.asLongBuffer().put(value.longs(), off, n);
            case INT32 -> buf.asIntBuffer().put(value.ints(), off, n);
            case DOUBLE -> buf.asDoubleBuffer().put(value.doubles(), off, n);
            case UINT8, INT8, BOOL -> buf.put(value.bytes(), off, n);
        }
        return tensorHeader(name, value.type(), value.shape()).setRawData(ByteString.copyFrom(buf.array())).build();
    }

    /** The elements of a float32 tensor (raw_data or float_data). */
    public static float[] floats(TensorProto t) {
        if (t.getDataType() != DataType.FLOAT.onnxCode()) {
            throw new IllegalArgumentException("tensor '" + t.getName() + "' is " + DataType.onnxName(t.getDataType()) + ", not FLOAT");
        }
        if (t.getRawData().isEmpty()) {
            float[] out = new float[t.getFloatDataCount()];
            for (int i = 0; i < out.length; i++) {
                out[i] = t.getFloatData(i);
            }
            return out;
        }
        float[] out = new float[t.getRawData().size() / 4];
        t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    /** The elements of an int64 tensor (raw_data or int64_data). */
    public static long[] int64s(TensorProto t) {
        if (t.getDataType() != DataType.INT64.onnxCode()) {
            throw new IllegalArgumentException("tensor '" + t.getName() + "' is " + DataType.onnxName(t.getDataType()) + ", not INT64");
        }
        if (t.getRawData().isEmpty()) {
            return t.getInt64DataList().stream().mapToLong(Long::longValue).toArray();
        }
        long[] out = new long[t.getRawData().size() / 8];
        t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(out);
        return out;
    }

    /** A tensor-typed value description; dims as for {@link #input}. */
    public static ValueInfoProto valueInfo(String name, DataType type, Object... dims) {
        TypeProto.Tensor.Builder tensorType = TypeProto.Tensor.newBuilder().setElemType(type.onnxCode());
        if (dims.length > 0) {
            TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
            for (Object d : dims) {
                TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
                switch (d) {
                    case null -> { }
                    case Integer i -> dim.setDimValue(i);
                    case Long l -> dim.setDimValue(l);
                    case String s -> dim.setDimParam(s);
                    default -> throw new IllegalArgumentException("dim of value '" + name + "' must be a number, a name or null, got " + d);
                }
                shape.addDim(dim);
            }
            tensorType.setShape(shape);
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(tensorType)).build();
    }

    private static TensorProto.Builder tensorHeader(String name, DataType type, int[] dims) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(type.onnxCode());
        for (int d : dims) {
            t.addDims(d);
        }
        return t;
    }

    private static void checkCount(String name, int count, int[] dims) {
        long expected = 1;
        for (int d : dims) {
            expected *= d;
        }
        if (expected != count) {
            throw new IllegalArgumentException("tensor '" + name + "' of shape " + Arrays.toString(dims) + " needs "
                + expected + " values, got " + count);
        }
    }

    private static StringStringEntryProto entry(String key, String value) {
        return StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }

    private static Path write(Path file, byte[] bytes) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** One node under construction; {@link #add()} appends it to the graph. */
    public final class NodeBuilder {
        private final NodeProto.Builder node;
        private boolean named;

        private NodeBuilder(String opType) {
            node = NodeProto.newBuilder().setOpType(opType);
        }

        /** The node's name; also its single output's name unless {@link #outputs} is given. */
        public NodeBuilder name(String name) {
            node.setName(name);
            named = true;
            return this;
        }

        /** Input value names in order; "" marks an omitted optional input. */
        public NodeBuilder inputs(String... names) {
            node.addAllInput(Arrays.asList(names));
            return this;
        }

        public NodeBuilder outputs(String... names) {
            node.addAllOutput(Arrays.asList(names));
            return this;
        }

        public NodeBuilder domain(String domain) {
            node.setDomain(domain);
            return this;
        }

        public NodeBuilder attr(String name, long value) {
            return attribute(AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value));
        }

        public NodeBuilder attr(String name, float value) {
            return attribute(AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value));
        }

        public NodeBuilder attr(String name, String value) {
            return attribute(AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(value)));
        }

        public NodeBuilder attr(String name, TensorProto value) {
            return attribute(AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.TENSOR).setT(value));
        }

        public NodeBuilder ints(String name, long... values) {
            AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
            for (long v : values) {
                a.addInts(v);
            }
            return attribute(a);
        }

        public NodeBuilder ints(String name, int... values) {
            return ints(name, Arrays.stream(values).asLongStream().toArray());
        }

        public NodeBuilder floats(String name, float... values) {
            AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOATS);
            for (float v : values) {
                a.addFloats(v);
            }
            return attribute(a);
        }

        /** Adds an arbitrary attribute (for tests of malformed or unusual attributes). */
        public NodeBuilder attribute(AttributeProto.Builder attribute) {
            node.addAttribute(attribute);
            return this;
        }

        /** Appends the node and returns its first output's name. */
        public String add() {
            if (!named) {
                node.setName(node.getOpType() + "_" + nodes.size());
            }
            if (!nodeNames.add(node.getName())) {
                throw new IllegalArgumentException("node name '" + node.getName() + "' is used twice in graph " + graphName);
            }
            if (node.getOutputCount() == 0) {
                node.addOutput(node.getName());
            }
            NodeProto built = node.build();
            nodes.add(built);
            return built.getOutput(0);
        }
    }
}
