package io.lcnnserve.benchmarks;

import io.lcnnserve.core.graph.ValueSpec;
import io.lcnnserve.core.onnx.LoadLimits;
import io.lcnnserve.core.runtime.Model;
import io.lcnnserve.core.runtime.Session;
import io.lcnnserve.core.runtime.SessionOptions;
import io.lcnnserve.core.tensor.Tensor;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
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
 * Does profiling one session slow the others? Two sessions of one model run side by side on two
 * threads (one intra-op thread each): {@link #profilingOff} is timed, {@link #neighbour} keeps the
 * other core busy with profiling on or off ({@code neighbourProfiles}). The neighbour competes for
 * the CPU either way, so the two settings differ only by profiling; the matrix reports the
 * profiling-off session's median latency under both and their ratio.
 */
@State(Scope.Group)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 6, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g"})
public class ProfilingIsolationBenchmark {
    static final String GROUP = "concurrent";
    static final String MEASURED = "profilingOff";

    @Param({"mobilenet_v2_1.0_224"})
    public String model;

    @Param({"false", "true"})
    public boolean neighbourProfiles;

    private Session measured;
    private Map<String, Tensor> measuredOutputs;
    private Session neighbour;
    private Map<String, Tensor> neighbourOutputs;
    private Map<String, Tensor> inputs;

    @Setup(Level.Trial)
    public void setUp() {
        Model loaded = io.lcnnserve.core.runtime.OnnxModels.load(BenchmarkModels.path(model), model, LoadLimits.defaults());
        ValueSpec inputSpec = loaded.signature().inputs().getFirst();
        long[] declared = inputSpec.dims().stream().mapToLong(d -> d.isFixed() ? d.value() : 1).toArray();
        inputs = Map.of(inputSpec.name(), ModelBenchmark.imageBatch(ModelBenchmark.withBatch(declared, 1)));
        measured = loaded.newSession(SessionOptions.defaults().withProfiling(false));
        neighbour = loaded.newSession(SessionOptions.defaults().withProfiling(neighbourProfiles));
        measuredOutputs = measured.run(inputs);
        neighbourOutputs = neighbour.run(inputs);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        measured.close();
        neighbour.close();
    }

    @Benchmark
    @Group(GROUP)
    @GroupThreads(1)
    public Map<String, Tensor> profilingOff() {
        measured.run(inputs, measuredOutputs);
        return measuredOutputs;
    }

    @Benchmark
    @Group(GROUP)
    @GroupThreads(1)
    public Map<String, Tensor> neighbour() {
        neighbour.run(inputs, neighbourOutputs);
        return neighbourOutputs;
    }
}
