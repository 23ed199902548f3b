package io.lcnnserve.core.testing;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ONNX Runtime (CPU) as the reference executor for tests: one session over a model's bytes, run on
 * and returning the engine's {@link Tensor}s. Reuse an oracle for many runs; close it when done.
 */
public final class OrtOracle implements AutoCloseable {
    /** ORT graph optimization levels. */
    public enum Optimization {
        NONE(OptLevel.NO_OPT), BASIC(OptLevel.BASIC_OPT), EXTENDED(OptLevel.EXTENDED_OPT), ALL(OptLevel.ALL_OPT);

        private final OptLevel level;

        Optimization(OptLevel level) {
            this.level = level;
        }
    }

    /** Session settings. One intra-op thread by default: deterministic, and fair to a shared CI machine. */
    public record Options(int intraOpThreads, Optimization optimization) {
        public static Options defaults() {
            return new Options(1, Optimization.ALL);
        }

        public Options withThreads(int threads) {
            return new Options(threads, optimization);
        }

        public Options with(Optimization level) {
            return new Options(intraOpThreads, level);
        }
    }

    private final OrtEnvironment env;
    private final OrtSession session;

    /** {@code model} is the model's bytes or its file (a file can reference external data). */
    private OrtOracle(Object model, Options options) {
        env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
            so.setIntraOpNumThreads(options.intraOpThreads());
            so.setInterOpNumThreads(1);
            so.setOptimizationLevel(options.optimization().level);
            so.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
            session = model instanceof Path file ? env.createSession(file.toString(), so) : env.createSession((byte[]) model, so);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime cannot load the model: " + e.getMessage(), e);
        }
    }

    public static OrtOracle open(byte[] model) {
        return new OrtOracle(model, Options.defaults());
    }

    public static OrtOracle open(byte[] model, Options options) {
        return new OrtOracle(model, options);
    }

    /** Loads a model file; external data is resolved relative to it. */
    public static OrtOracle open(Path modelFile, Options options) {
        return new OrtOracle(modelFile, options);
    }

    /** Loads {@code model}, runs it once on {@code inputs} and closes the session. */
    public static Map<String, Tensor> runOnce(byte[] model, Map<String, Tensor> inputs) {
        try (OrtOracle oracle = open(model)) {
            return oracle.run(inputs);
        }
    }

    /**
     * Evaluates one {@code opType} node at {@code opset}, unoptimized, and returns its outputs in
     * order. Every given input is a graph input (not an initializer), so ORT cannot fold it; a null
     * input is an omitted optional input. Attribute values are Long, Float, String, long[] or float[].
     */
    public static Tensor[] runNode(String opType, int opset, Map<String, Object> attributes, List<Tensor> inputs,
                                   int outputCount) {
        OnnxBuilder graph = OnnxBuilder.graph("oracle").opset(opset);
        String[] inputNames = new String[inputs.size()];
        Map<String, Tensor> feeds = new LinkedHashMap<>();
        for (int i = 0; i < inputNames.length; i++) {
            Tensor input = inputs.get(i);
            inputNames[i] = input == null ? "" : "in" + i;
            if (input != null) {
                graph.input(inputNames[i], input.type(), Arrays.stream(input.shape()).boxed().toArray());
                feeds.put(inputNames[i], input);
            }
        }
        String[] outputNames = new String[outputCount];
        for (int i = 0; i < outputCount; i++) {
            outputNames[i] = "out" + i;
            graph.output(outputNames[i]);
        }
        OnnxBuilder.NodeBuilder node = graph.node(opType).name("node").inputs(inputNames).outputs(outputNames);
        attributes.forEach((name, value) -> {
            switch (value) {
                case Long l -> node.attr(name, l);
                case Float f -> node.attr(name, f);
                case String s -> node.attr(name, s);
                case long[] ints -> node.ints(name, ints);
                case float[] floats -> node.floats(name, floats);
                default -> throw new IllegalArgumentException("attribute " + name + " has unsupported value " + value);
            }
        });
        node.add();
        try (OrtOracle oracle = open(graph.toBytes(), Options.defaults().with(Optimization.NONE))) {
            return oracle.run(feeds).values().toArray(Tensor[]::new);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("ONNX Runtime failed on " + opType + " " + attributes + ": " + e.getMessage(), e);
        }
    }

    /** The model's input names, in graph order. */
    public List<String> inputNames() {
        return new ArrayList<>(session.getInputNames());
    }

    /** The model's output names, in graph order. */
    public List<String> outputNames() {
        return new ArrayList<>(session.getOutputNames());
    }

    /** Runs the model and returns every graph output, in graph order. */
    public Map<String, Tensor> run(Map<String, Tensor> inputs) {
        Map<String, OnnxTensor> feeds = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, Tensor> e : inputs.entrySet()) {
                feeds.put(e.getKey(), toOrt(env, e.getValue()));
            }
            Map<String, Tensor> out = new LinkedHashMap<>();
            try (OrtSession.Result result = session.run(feeds)) {
                for (Map.Entry<String, OnnxValue> e : result) {
                    out.put(e.getKey(), fromOrt(e.getKey(), e.getValue()));
                }
            }
            return out;
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed to run the model on inputs " + describe(inputs) + ": " + e.getMessage(), e);
        } finally {
            feeds.values().forEach(OnnxTensor::close);
        }
    }

    /** Runs a single-input model and returns its only (or first) output. */
    public Tensor run(String inputName, Tensor input) {
        return run(Map.of(inputName, input)).values().iterator().next();
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("cannot close ONNX Runtime session", e);
        }
    }

    static OnnxTensor toOrt(OrtEnvironment env, Tensor t) throws OrtException {
        long[] shape = Arrays.stream(t.shape()).asLongStream().toArray();
        int n = t.size();
        int off = t.offset();
        return switch (t.type()) {
            case FLOAT -> OnnxTensor.createTensor(env, FloatBuffer.wrap(t.floats(), off, n).slice(), shape);
            case INT64 -> OnnxTensor.createTensor(env, LongBuffer.wrap(t.longs(), off, n).slice(), shape);
            case INT32 -> OnnxTensor.createTensor(env, IntBuffer.wrap(t.ints(), off, n).slice(), shape);
            case DOUBLE -> OnnxTensor.createTensor(env, DoubleBuffer.wrap(t.doubles(), off, n).slice(), shape);
            case UINT8 -> OnnxTensor.createTensor(env, byteBuffer(t), shape, OnnxJavaType.UINT8);
            case INT8 -> OnnxTensor.createTensor(env, byteBuffer(t), shape, OnnxJavaType.INT8);
            case BOOL -> OnnxTensor.createTensor(env, byteBuffer(t), shape, OnnxJavaType.BOOL);
        };
    }

    static Tensor fromOrt(String name, OnnxValue value) {
        if (!(value instanceof OnnxTensor tensor)) {
            throw new IllegalStateException("output '" + name + "' is a " + value.getType() + ", not a tensor");
        }
        int[] shape = Arrays.stream(tensor.getInfo().getShape()).mapToInt(Math::toIntExact).toArray();
        DataType type = switch (tensor.getInfo().type) {
            case FLOAT -> DataType.FLOAT;
            case INT64 -> DataType.INT64;
            case INT32 -> DataType.INT32;
            case DOUBLE -> DataType.DOUBLE;
            case UINT8 -> DataType.UINT8;
            case INT8 -> DataType.INT8;
            case BOOL -> DataType.BOOL;
            default -> throw new IllegalStateException("output '" + name + "' has unsupported type " + tensor.getInfo().type);
        };
        Tensor out = Tensor.zeros(type, shape);
        switch (type) {
            case FLOAT -> tensor.getFloatBuffer().get(out.floats());
            case INT64 -> tensor.getLongBuffer().get(out.longs());
            case INT32 -> tensor.getIntBuffer().get(out.ints());
            case DOUBLE -> tensor.getDoubleBuffer().get(out.doubles());
            case UINT8, INT8, BOOL -> tensor.getByteBuffer().get(out.bytes());
        }
        return out;
    }

    private static ByteBuffer byteBuffer(Tensor t) {
        ByteBuffer buf = ByteBuffer.allocateDirect(t.size()).order(ByteOrder.nativeOrder());
        buf.put(t.bytes(), t.offset(), t.size()).flip();
        return buf;
    }

    private static String describe(Map<String, Tensor> inputs) {
        StringBuilder sb = new StringBuilder("{");
        inputs.forEach((k, v) -> sb.append(sb.length() > 1 ? ", " : "").append(k).append('=').append(v));
        return sb.append('}').toString();
    }
}
