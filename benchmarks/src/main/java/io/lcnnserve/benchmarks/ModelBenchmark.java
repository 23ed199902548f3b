package io.lcnnserve.benchmarks;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.lcnnserve.core.onnx.LoadLimits;
import io.lcnnserve.core.runtime.Model;
import io.lcnnserve.core.runtime.Session;
import io.lcnnserve.core.runtime.SessionOptions;
import io.lcnnserve.core.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * One inference of a whole model, ours against ONNX Runtime Java, on the same input in the same
 * kind of JVM. Ours: optimizer on, {@code threads} intra-op threads, the allocation-free
 * {@link Session#run(Map, Map)} into caller-owned outputs. ONNX Runtime: {@code threads} intra-op
 * threads, one inter-op thread, sequential execution, every graph optimization, outputs pinned to
 * preallocated tensors so neither side allocates its result per call.
 *
 * <p>The fork timing our engine also runs ONNX Runtime once and checks that both agree on this
 * input, so a ratio is never reported for an answer that is wrong. Sample-time mode keeps every call's time; the matrix
 * reports the median call ({@link ModelBenchmarkMatrix}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 6, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g"})
public class ModelBenchmark {
    /** Largest |ours - ORT| accepted, relative to the largest |ORT output|: the same computation, not a tolerance for bugs. */
    static final double MAX_RELATIVE_DIFFERENCE = 1e-3;
    private static final long INPUT_SEED = 20_240_611L;

    @Param({"mobilenet_v2_1.0_224"})
    public String model;

    @Param({"1"})
    public int threads;

    @Param({"1"})
    public int batch;

    private Session session;
    private Map<String, Tensor> inputs;
    private Map<String, Tensor> outputs;

    private OrtSession ortSession;
    private Map<String, OnnxTensor> ortInputs;
    private Map<String, OnnxTensor> ortOutputs;

    /**
     * Loads ONNX Runtime, and our engine only in the fork that times it, where both run once on the
     * same input and must agree before anything is timed.
     */
    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) throws OrtException {
        Path file = BenchmarkModels.path(model);
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        ortSession = environment.createSession(file.toString(), ortOptions(threads));
        String inputName = ortSession.getInputNames().iterator().next();
        long[] declaredShape = ((TensorInfo) ortSession.getInputInfo().get(inputName).getInfo()).getShape();
        Tensor input = imageBatch(withBatch(declaredShape, batch));
        inputs = Map.of(inputName, input);
        ortInputs = Map.of(inputName, OnnxTensor.createTensor(environment, directCopy(input.floats()), longs(input.shape())));
        // One unpinned run tells the output shapes; the timed runs write into tensors of those shapes.
        ortOutputs = new LinkedHashMap<>();
        try (OrtSession.Result first = ortSession.run(ortInputs)) {
            for (Map.Entry<String, OnnxValue> output : first) {
                long[] shape = ((TensorInfo) output.getValue().getInfo()).getShape();
                FloatBuffer buffer = directCopy(new float[Math.toIntExact(Arrays.stream(shape).reduce(1, Math::multiplyExact))]);
                ortOutputs.put(output.getKey(), OnnxTensor.createTensor(environment, buffer, shape));
            }
        }
        onnxRuntime();
        if (params.getBenchmark().endsWith(".lcnn")) {
            Model loaded = io.lcnnserve.core.runtime.OnnxModels.load(file, model, LoadLimits.defaults());
            session = loaded.newSession(SessionOptions.defaults().withOptimize(true).withIntraOpThreads(threads));
            // The first run plans this batch size and allocates the caller-owned outputs reused afterwards.
            outputs = session.run(inputs);
            // Later runs reuse this plan and its arena, so the arena never grows past this.
            ArenaProfiler.record(session.arenaBytes());
            checkAgreement();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws OrtException {
        if (session != null) {
            session.close();
        }
        ortSession.close();
        for (OnnxTensor t : ortInputs.values()) {
            t.close();
        }
        for (OnnxTensor t : ortOutputs.values()) {
            t.close();
        }
    }

    @Benchmark
    public Map<String, Tensor> lcnn() {
        session.run(inputs, outputs);
        return outputs;
    }

    @Benchmark
    public Map<String, OnnxTensor> onnxRuntime() throws OrtException {
        // Pinned outputs are written in place; the Result only wraps them and closing it leaves them open.
        try (OrtSession.Result ignored = ortSession.run(ortInputs, ortOutputs)) {
            return ortOutputs;
        }
    }

    static OrtSession.SessionOptions ortOptions(int threads) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(threads);
        options.setInterOpNumThreads(1);
        options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        return options;
    }

    /** An image-like batch in [-1, 1), the range of the models' preprocessing; the same for both engines. */
    static Tensor imageBatch(int[] shape) {
        float[] data = new float[Arrays.stream(shape).reduce(1, Math::multiplyExact)];
        SplittableRandom random = new SplittableRandom(INPUT_SEED);
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return Tensor.of(data, shape);
    }

    /** A declared input shape with its leading (batch) dimension, symbolic or not, set to {@code batch}. */
    static int[] withBatch(long[] declared, int batch) {
        int[] shape = new int[declared.length];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = i == 0 ? batch : Math.toIntExact(declared[i]);
        }
        return shape;
    }

    private void checkAgreement() {
        for (Map.Entry<String, Tensor> output : outputs.entrySet()) {
            float[] ours = output.getValue().toFloatArray();
            FloatBuffer theirs = ortOutputs.get(output.getKey()).getFloatBuffer();
            double largest = 0;
            double worst = 0;
            for (int i = 0; i < ours.length; i++) {
                largest = Math.max(largest, Math.abs(theirs.get(i)));
                worst = Math.max(worst, Math.abs(ours[i] - theirs.get(i)));
            }
            if (worst > MAX_RELATIVE_DIFFERENCE * Math.max(largest, 1e-6)) {
                throw new IllegalStateException("model " + model + " (batch " + batch + ", " + threads + " threads): output '"
                    + output.getKey() + "' differs from ONNX Runtime by up to " + worst + " where its largest |value| is "
                    + largest + "; refusing to time a wrong answer");
            }
        }
    }

    private static FloatBuffer directCopy(float[] values) {
        FloatBuffer buffer = ByteBuffer.allocateDirect(4 * values.length).order(ByteOrder.nativeOrder()).asFloatBuffer();
        buffer.put(values).flip();
        return buffer;
    }

    private static long[] longs(int[] shape) {
        return Arrays.stream(shape).asLongStream().toArray();
    }
}
