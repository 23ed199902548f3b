package io.lcnnserve.benchmarks;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.lcnnserve.core.kernels.gemm.GemmEpilogue;
import io.lcnnserve.core.kernels.gemm.PackedMatrix;
import io.lcnnserve.core.kernels.gemm.Sgemm;
import io.lcnnserve.core.kernels.parallel.Parallel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
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

/**
 * Our {@link Sgemm} against ONNX Runtime's MLAS running a one-node MatMul model of the same shape,
 * both on one thread. {@code shape} is {@code MxKxN}; {@code weights=left} makes A the constant
 * (pre-packed by us; the layout of a 1x1 convolution on NCHW: weights [M,K] times activations
 * [K,H*W]), {@code weights=right} makes B constant (ORT pre-packs a constant B; the layout of a
 * fully-connected layer). ORT allocates its output each run, we reuse ours: at these sizes the
 * allocation is noise next to the product. Sample-time mode keeps every call's time, so
 * {@link GemmComparison} can report the best and the median call: on a shared, noisy machine the
 * best call is the one least disturbed by other processes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g"})
public class GemmBenchmark {

    /** MobileNetV2's largest 1x1 convolutions by FLOPs (M=out channels, K=in channels, N=H*W) and a square case. */
    @Param({"1024x1024x1024", "1280x320x49", "96x16x12544", "320x960x49", "144x24x3136", "576x96x196", "960x160x49"})
    public String shape;

    @Param({"left", "right"})
    public String weights;

    private int m;
    private int k;
    private int n;
    private PackedMatrix packedWeights;
    private float[] input;
    private float[] output;

    private OrtEnvironment environment;
    private OrtSession session;
    private OnnxTensor inputTensor;
    private String inputName;

    @Setup(Level.Trial)
    public void setUp() throws OrtException {
        String[] dims = shape.split("x");
        m = Integer.parseInt(dims[0]);
        k = Integer.parseInt(dims[1]);
        n = Integer.parseInt(dims[2]);
        boolean weightsOnLeft = weights.equals("left");
        float[] weightValues = random(m * k == 0 ? 0 : weightsOnLeft ? m * k : k * n, 1);
        input = random(weightsOnLeft ? k * n : m * k, 2);
        output = new float[m * n];
        packedWeights = weightsOnLeft
            ? PackedMatrix.packLeft(m, k, weightValues, 0, k, false)
            : PackedMatrix.packRight(k, n, weightValues, 0, n, false);

        environment = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(1);
        options.setInterOpNumThreads(1);
        options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        session = environment.createSession(OnnxModels.matMul(m, k, n, weightsOnLeft, weightValues), options);
        inputName = weightsOnLeft ? "B" : "A";
        long[] inputShape = weightsOnLeft ? new long[] {k, n} : new long[] {m, k};
        FloatBuffer buffer = ByteBuffer.allocateDirect(4 * input.length).order(ByteOrder.nativeOrder()).asFloatBuffer();
        buffer.put(input).flip();
        inputTensor = OnnxTensor.createTensor(environment, buffer, inputShape);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws OrtException {
        inputTensor.close();
        session.close();
    }

    @Benchmark
    public float[] lcnn() {
        if (packedWeights.side() == PackedMatrix.Side.LEFT) {
            Sgemm.multiply(packedWeights, n, input, 0, n, false, output, 0, n, false,
                GemmEpilogue.none(), Parallel.sequential());
        } else {
            Sgemm.multiply(m, input, 0, k, false, packedWeights, output, 0, n, false,
                GemmEpilogue.none(), Parallel.sequential());
        }
        return output;
    }

    @Benchmark
    public float onnxRuntime() throws OrtException {
        try (OrtSession.Result result = session.run(Map.of(inputName, inputTensor))) {
            return ((OnnxTensor) result.get(0)).getFloatBuffer().get(0);
        }
    }

    private static float[] random(int size, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            values[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return values;
    }
}
