package io.lcnnserve.core.onnx;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.lcnnserve.core.ModelLoadException;
import io.lcnnserve.core.graph.Dim;
import io.lcnnserve.core.graph.Graph;
import io.lcnnserve.core.graph.Node;
import io.lcnnserve.core.graph.ValueSpec;
import io.lcnnserve.core.onnx.proto.OnnxProto.GraphProto;
import io.lcnnserve.core.onnx.proto.OnnxProto.ModelProto;
import io.lcnnserve.core.onnx.proto.OnnxProto.NodeProto;
import io.lcnnserve.core.onnx.proto.OnnxProto.OperatorSetIdProto;
import io.lcnnserve.core.onnx.proto.OnnxProto.TensorProto;
import io.lcnnserve.core.onnx.proto.OnnxProto.TensorShapeProto;
import io.lcnnserve.core.onnx.proto.OnnxProto.ValueInfoProto;
import io.lcnnserve.core.ops.Attributes;
import io.lcnnserve.core.ops.NodeSpec;
import io.lcnnserve.core.ops.Op;
import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.ops.OpFactory;
import io.lcnnserve.core.ops.OpRegistry;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads an ONNX {@code ModelProto} into a {@link Graph}: decodes initializers and attributes,
 * binds every node to its operator at the model's opset, and checks that the graph is
 * well-formed (every input defined, nodes acyclic). Every failure is a {@link ModelLoadException}
 * that says what is wrong and where.
 */
public final class OnnxImporter {
    /** The ONNX IR versions this importer understands (3 introduced opset imports; 10 is ONNX 1.16+). */
    private static final long MAX_IR_VERSION = 11;

    private final OpRegistry registry;
    private final LoadLimits limits;

    public OnnxImporter(OpRegistry registry, LoadLimits limits) {
        this.registry = registry;
        this.limits = limits;
    }

    /** Reads and imports a model file; external data is resolved inside the file's directory. */
    public Graph importFile(Path file) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read model file " + file + ": " + e.getMessage(), e);
        }
        if (size > limits.maxModelBytes()) {
            throw new ModelLoadException("model file " + file + " is " + size + " bytes, above the limit of "
                + limits.maxModelBytes());
        }
        try (InputStream in = Files.newInputStream(file)) {
            ModelProto proto = parse(CodedInputStream.newInstance(in), file.toString());
            return importModel(proto, file.toAbsolutePath().getParent(), fileStem(file));
        } catch (IOException e) {
            throw new ModelLoadException("cannot read model file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Imports a model held in memory; such a model cannot use external data. */
    public Graph importBytes(byte[] bytes, String name) {
        if (bytes.length > limits.maxModelBytes()) {
            throw new ModelLoadException("model '" + name + "' is " + bytes.length + " bytes, above the limit of "
                + limits.maxModelBytes());
        }
        return importModel(parse(CodedInputStream.newInstance(bytes), "model '" + name + "'"), null, name);
    }

    private static ModelProto parse(CodedInputStream in, String source) {
        in.setSizeLimit(Integer.MAX_VALUE);
        try {
            ModelProto proto = ModelProto.parseFrom(in);
            if (!proto.hasGraph()) {
                throw new ModelLoadException(source + " is not an ONNX model: it contains no graph");
            }
            return proto;
        } catch (InvalidProtocolBufferException e) {
            throw new ModelLoadException(source + " is not a valid ONNX model (truncated or corrupt protobuf data: "
                + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + source + ": " + e.getMessage(), e);
        }
    }

    Graph importModel(ModelProto model, Path baseDir, String name) {
        if (model.getIrVersion() > MAX_IR_VERSION) {
            throw new ModelLoadException("model '" + name + "' has IR version " + model.getIrVersion()
                + ", newer than the supported " + MAX_IR_VERSION);
        }
        int opset = defaultDomainOpset(model, name);
        GraphProto g = model.getGraph();
        TensorDecoder tensorDecoder = new TensorDecoder(baseDir, limits);

        Map<String, Tensor> initializers = decodeInitializers(g, tensorDecoder);
        List<ValueSpec> inputs = new ArrayList<>();
        for (ValueInfoProto vi : g.getInputList()) {
            if (!initializers.containsKey(vi.getName())) {
                inputs.add(valueSpec(vi, "graph input"));
            }
        }
        List<ValueSpec> outputs = new ArrayList<>();
        for (ValueInfoProto vi : g.getOutputList()) {
            outputs.add(valueSpec(vi, "graph output"));
        }
        if (outputs.isEmpty()) {
            throw new ModelLoadException("model '" + name + "' declares no graph outputs");
        }

        AttributeDecoder attributeDecoder = new AttributeDecoder(tensorDecoder);
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < g.getNodeCount(); i++) {
            nodes.add(bindNode(g.getNode(i), i, opset, attributeDecoder));
        }
        Set<String> defined = new HashSet<>(initializers.keySet());
        inputs.forEach(v -> defined.add(v.name()));
        List<Node> sorted = topologicalOrder(nodes, defined);
        for (ValueSpec out : outputs) {
            boolean produced = defined.contains(out.name())
                || sorted.stream().anyMatch(n -> n.outputs().contains(out.name()));
            if (!produced) {
                throw new ModelLoadException("graph output '" + out.name() + "' is not produced by any node");
            }
        }
        return new Graph(g.getName().isEmpty() ? name : g.getName(), inputs, outputs, initializers, sorted);
    }

    private static int defaultDomainOpset(ModelProto model, String name) {
        int opset = -1;
        for (OperatorSetIdProto id : model.getOpsetImportList()) {
            if (id.getDomain().isEmpty() || id.getDomain().equals("ai.onnx")) {
                opset = (int) id.getVersion();
            }
        }
        if (opset < 0) {
            // IR version 2 and older had no opset_import; those models are opset 1.
            opset = model.getOpsetImportCount() == 0 && model.getIrVersion() < 3 ? 1 : -1;
        }
        if (opset < 1) {
            throw new ModelLoadException("model '" + name + "' does not import the default ONNX opset");
        }
        if (opset > OpRegistry.MAX_OPSET) {
            throw new ModelLoadException("model '" + name + "' uses ONNX opset " + opset
                + ", newer than the supported " + OpRegistry.MAX_OPSET);
        }
        return opset;
    }

    private Map<String, Tensor> decodeInitializers(GraphProto g, TensorDecoder decoder) {
        long declaredBytes = 0;
        for (TensorProto t : g.getInitializerList()) {
            long count = 1;
            for (long d : t.getDimsList()) {
                count = d < 0 ? 0 : Math.multiplyHigh(count, d) != 0 ? Long.MAX_VALUE : count * d;
            }
            DataType type = DataType.fromOnnx(t.getDataType());
            long bytes = count * (type == null ? 1 : type.byteSize());
            declaredBytes = bytes < 0 || declaredBytes + bytes < 0 ? Long.MAX_VALUE : declaredBytes + bytes;
        }
        if (declaredBytes > limits.maxWeightBytes()) {
            throw new ModelLoadException("initializers declare " + declaredBytes + " bytes in total, above the limit of "
                + limits.maxWeightBytes());
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (TensorProto t : g.getInitializerList()) {
            if (t.getName().isEmpty()) {
                throw new ModelLoadException("an initializer has no name");
            }
            out.put(t.getName(), decoder.decode(t, "initializer '" + t.getName() + "'"));
        }
        return out;
    }

    private static ValueSpec valueSpec(ValueInfoProto vi, String what) {
        if (!vi.hasType() || !vi.getType().hasTensorType()) {
            throw new ModelLoadException(what + " '" + vi.getName() + "' is not a tensor (sequences and maps are not supported)");
        }
        var tensorType = vi.getType().getTensorType();
        DataType type = DataType.fromOnnx(tensorType.getElemType());
        if (type == null) {
            throw new ModelLoadException(what + " '" + vi.getName() + "' has element type "
                + DataType.onnxName(tensorType.getElemType()) + ", which is not supported");
        }
        if (!tensorType.hasShape()) {
            return new ValueSpec(vi.getName(), type, null);
        }
        List<Dim> dims = new ArrayList<>();
        for (TensorShapeProto.Dimension d : tensorType.getShape().getDimList()) {
            if (d.hasDimValue()) {
                if (d.getDimValue() < 0 || d.getDimValue() > Integer.MAX_VALUE) {
                    throw new ModelLoadException(what + " '" + vi.getName() + "' declares dimension " + d.getDimValue());
                }
                dims.add(Dim.of((int) d.getDimValue()));
            } else {
                dims.add(Dim.symbolic(d.getDimParam()));
            }
        }
        return new ValueSpec(vi.getName(), type, dims);
    }

    private Node bindNode(NodeProto n, int index, int opset, AttributeDecoder attributeDecoder) {
        String name = n.getName().isEmpty() ? n.getOpType() + "_" + index : n.getName();
        String where = Node.describe(name, n.getOpType(), opset);
        if (!n.getDomain().isEmpty() && !n.getDomain().equals("ai.onnx")) {
            throw new ModelLoadException(where + ": operator domain '" + n.getDomain() + "' is not supported");
        }
        OpFactory factory = registry.find(n.getOpType());
        if (factory == null) {
            throw new ModelLoadException(where + ": operator " + n.getOpType() + " is not supported");
        }
        Attributes attributes = attributeDecoder.decode(n.getAttributeList(), where);
        Op op;
        try {
            op = factory.create(new NodeSpec(name, n.getOpType(), opset, attributes, n.getInputCount(), n.getOutputCount()));
        } catch (OpException e) {
            throw new ModelLoadException(where + ": " + e.getMessage(), e);
        }
        if (!attributes.unread().isEmpty()) {
            throw new ModelLoadException(where + ": unsupported attribute(s) " + attributes.unread());
        }
        return new Node(name, n.getOpType(), opset, n.getInputList(), n.getOutputList(), op);
    }

    /**
     * Orders nodes so every input is produced before use, keeping the file's order where it is
     * already valid; reports the first input that nothing defines (or a cycle).
     */
    private static List<Node> topologicalOrder(List<Node> nodes, Set<String> defined) {
        Map<String, Node> producers = new HashMap<>();
        for (Node node : nodes) {
            for (String out : node.outputs()) {
                if (!out.isEmpty() && (defined.contains(out) || producers.put(out, node) != null)) {
                    throw new ModelLoadException(node.describe() + ": output '" + out + "' is already defined elsewhere");
                }
            }
        }
        List<Node> sorted = new ArrayList<>(nodes.size());
        List<Node> pending = new ArrayList<>(nodes);
        while (!pending.isEmpty()) {
            boolean progress = false;
            for (var it = pending.iterator(); it.hasNext(); ) {
                Node node = it.next();
                if (node.inputs().stream().allMatch(in -> in.isEmpty() || defined.contains(in))) {
                    sorted.add(node);
                    node.outputs().stream().filter(o -> !o.isEmpty()).forEach(defined::add);
                    it.remove();
                    progress = true;
                }
            }
            if (!progress) {
                Node stuck = pending.get(0);
                String missing = stuck.inputs().stream().filter(in -> !in.isEmpty() && !defined.contains(in))
                    .findFirst().orElse("?");
                throw new ModelLoadException(stuck.describe() + ": input '" + missing + "' "
                    + (producers.containsKey(missing) ? "depends on a cycle in the graph" : "is not produced by any node, initializer or graph input"));
            }
        }
        return sorted;
    }

    private static String fileStem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
