package io.lcnnserve.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the model benchmark matrix — every model x threads {1, 2} x batch {1, 8}, ours and ONNX
 * Runtime ({@link ModelBenchmark}) — then the profiling-isolation check
 * ({@link ProfilingIsolationBenchmark}), and writes {@code latest.md} and {@code latest.json}
 * ({@link MatrixReport}). Started by {@code benchmarks/run.sh}.
 *
 * <p>Each cell runs ours and ONNX Runtime back to back (one JMH run per cell) so that both see the
 * same background load, which on a shared machine matters more than any absolute time.
 *
 * <p>Options: {@code --quick} (fewer, shorter iterations; same matrix), {@code --models a,b},
 * {@code --threads 1,2}, {@code --batches 1,8}, {@code --model-store DIR} (default {@code models}),
 * {@code --output DIR} (default {@code benchmarks/results}), {@code --readme FILE} (a README whose
 * marked benchmark section is replaced), {@code --without-isolation}.
 */
public final class ModelBenchmarkMatrix {
    static final String GC_ALLOCATION = "gc.alloc.rate.norm";
    private static final Duration LOCK_WAIT = Duration.ofMinutes(30);
    private static final Duration LOCK_POLL = Duration.ofSeconds(10);

    /** Iteration counts and lengths of a run. */
    record Settings(String name, int warmupIterations, int warmupSeconds, int measurementIterations, int measurementSeconds) {
        // Our engine needs about 10 s in a fresh JVM to reach its C2-compiled kernels (MobileNetV2's first
        // calls take 0.5-1.7 s, later ones about 25 ms), so even the quick run warms up that long.
        static final Settings FULL = new Settings("full", 6, 2, 5, 2);
        static final Settings QUICK = new Settings("quick", 5, 2, 3, 1);

        String describe() {
            return name + ": " + warmupIterations + " warm-up x " + warmupSeconds + " s, " + measurementIterations + " measured x "
                + measurementSeconds + " s per benchmark, 1 fork";
        }
    }

    /** The profiling-off session's median and best latency while its neighbour runs without and with profiling. */
    record Isolation(String model, Double neighbourPlainMs, Double neighbourProfilingMs, Double neighbourPlainBestMs,
                     Double neighbourProfilingBestMs) {
        Double ratio() {
            return neighbourPlainMs == null || neighbourProfilingMs == null ? null : neighbourProfilingMs / neighbourPlainMs;
        }

        Double bestRatio() {
            return neighbourPlainBestMs == null || neighbourProfilingBestMs == null ? null
                : neighbourProfilingBestMs / neighbourPlainBestMs;
        }
    }

    private ModelBenchmarkMatrix() {
    }

    public static void main(String[] args) throws IOException {
        Arguments arguments = Arguments.parse(args);
        Path synthetic = Files.createTempDirectory("lcnn-benchmark-models");
        List<String> jvmArgs = List.of("--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xmx2g",
            "-D" + BenchmarkModels.MODEL_STORE_PROPERTY + "=" + arguments.modelStore.toAbsolutePath(),
            "-D" + BenchmarkModels.SYNTHETIC_DIR_PROPERTY + "=" + synthetic.toAbsolutePath());
        try {
            System.out.println("Building the synthetic models into " + synthetic);
            BenchmarkModels.writeSynthetic(synthetic, arguments.models);
            // After the synthetic models, whose builder configures ONNX Runtime's environment first.
            Machine machine = Machine.describe();
            List<MatrixRow> rows = new ArrayList<>();
            int cells = arguments.models.size() * arguments.threads.size() * arguments.batches.size();
            for (String model : arguments.models) {
                for (int threads : arguments.threads) {
                    for (int batch : arguments.batches) {
                        System.out.printf("%n=== [%d/%d] %s, %d thread(s), batch %d%n", rows.size() + 1, cells, model, threads, batch);
                        rows.add(measureCell(arguments.settings, jvmArgs, model, threads, batch));
                    }
                }
            }
            Optional<Isolation> isolation = arguments.isolation
                ? Optional.of(measureIsolation(arguments.settings, jvmArgs, BenchmarkModels.REAL.getFirst()))
                : Optional.empty();
            MatrixReport report = new MatrixReport(machine, arguments.settings, rows, isolation);
            Files.createDirectories(arguments.output);
            Files.writeString(arguments.output.resolve("latest.md"), report.markdown());
            Files.writeString(arguments.output.resolve("latest.json"), report.json());
            if (arguments.readme != null) {
                report.updateReadme(arguments.readme);
            }
            System.out.println();
            System.out.println(report.markdown());
            System.out.println("Wrote " + arguments.output.resolve("latest.md") + " and " + arguments.output.resolve("latest.json"));
        } finally {
            deleteRecursively(synthetic);
        }
    }

    private static MatrixRow measureCell(Settings settings, List<String> jvmArgs, String model, int threads, int batch) {
        ChainedOptionsBuilder options = options(settings, jvmArgs)
            .include("^" + Pattern.quote(ModelBenchmark.class.getName()) + "\\.(lcnn|onnxRuntime)$")
            .param("model", model)
            .param("threads", Integer.toString(threads))
            .param("batch", Integer.toString(batch))
            .addProfiler(GCProfiler.class)
            .addProfiler(ArenaProfiler.class);
        Collection<RunResult> results = run(options);
        Optional<RunResult> ours = find(results, ".lcnn");
        Optional<RunResult> ort = find(results, ".onnxRuntime");
        return new MatrixRow(model, threads, batch,
            ours.map(r -> median(r.getPrimaryResult())).orElse(null),
            ort.map(r -> median(r.getPrimaryResult())).orElse(null),
            ours.map(r -> best(r.getPrimaryResult())).orElse(null),
            ort.map(r -> best(r.getPrimaryResult())).orElse(null),
            ours.map(r -> secondary(r, GC_ALLOCATION)).orElse(null),
            ours.map(r -> secondary(r, ArenaProfiler.LABEL)).map(Double::longValue).orElse(null));
    }

    private static Isolation measureIsolation(Settings settings, List<String> jvmArgs, String model) {
        System.out.printf("%n=== Profiling isolation: %s, a profiling-off session beside a neighbour session%n", model);
        ChainedOptionsBuilder options = options(settings, jvmArgs)
            .include("^" + Pattern.quote(ProfilingIsolationBenchmark.class.getName()) + "\\." + ProfilingIsolationBenchmark.GROUP + "$")
            .param("model", model);
        Collection<RunResult> results = run(options);
        Result<?> plain = null;
        Result<?> profiling = null;
        for (RunResult result : results) {
            Result<?> measured = result.getSecondaryResults().get(ProfilingIsolationBenchmark.MEASURED);
            if (Boolean.parseBoolean(result.getParams().getParam("neighbourProfiles"))) {
                profiling = measured;
            } else {
                plain = measured;
            }
        }
        return new Isolation(model, plain == null ? null : median(plain), profiling == null ? null : median(profiling),
            plain == null ? null : best(plain), profiling == null ? null : best(profiling));
    }

    private static ChainedOptionsBuilder options(Settings settings, List<String> jvmArgs) {
        return new OptionsBuilder()
            .warmupIterations(settings.warmupIterations())
            .warmupTime(TimeValue.seconds(settings.warmupSeconds()))
            .measurementIterations(settings.measurementIterations())
            .measurementTime(TimeValue.seconds(settings.measurementSeconds()))
            .forks(1)
            .jvmArgs(jvmArgs.toArray(String[]::new))
            .shouldFailOnError(false);
    }

    /**
     * A failed benchmark leaves its cell empty (the log holds the reason); the rest of the matrix
     * still runs. While another JMH run holds the machine-wide JMH lock, waits for it rather than
     * measuring both runs against each other.
     */
    private static Collection<RunResult> run(ChainedOptionsBuilder options) {
        long deadline = System.nanoTime() + LOCK_WAIT.toNanos();
        while (true) {
            try {
                return new Runner(options.build()).run();
            } catch (RunnerException e) {
                boolean locked = String.valueOf(e.getMessage()).contains("JMH lock");
                if (!locked || System.nanoTime() > deadline) {
                    System.out.println("benchmark run failed: " + e.getMessage());
                    return List.of();
                }
                System.out.println("another JMH run holds the JMH lock; waiting " + LOCK_POLL.toSeconds() + " s");
                sleep(LOCK_POLL);
            }
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the JMH lock", e);
        }
    }

    private static Optional<RunResult> find(Collection<RunResult> results, String methodSuffix) {
        return results.stream().filter(r -> r.getParams().getBenchmark().endsWith(methodSuffix)).findFirst();
    }

    private static double median(Result<?> result) {
        return result.getStatistics().getPercentile(50);
    }

    private static double best(Result<?> result) {
        return result.getStatistics().getMin();
    }

    private static Double secondary(RunResult result, String label) {
        Result<?> value = result.getSecondaryResults().get(label);
        return value == null ? null : value.getScore();
    }

    private static void deleteRecursively(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** The command line. */
    private record Arguments(Settings settings, List<String> models, List<Integer> threads, List<Integer> batches,
                             Path modelStore, Path output, Path readme, boolean isolation) {

        static Arguments parse(String[] args) {
            Settings settings = Settings.FULL;
            List<String> models = BenchmarkModels.names();
            List<Integer> threads = List.of(1, 2);
            List<Integer> batches = List.of(1, 8);
            Path modelStore = Path.of("models");
            Path output = Path.of("benchmarks", "results");
            Path readme = null;
            boolean isolation = true;
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--quick" -> settings = Settings.QUICK;
                    case "--without-isolation" -> isolation = false;
                    case "--models" -> models = List.of(required(args[i], value).split(","));
                    case "--threads" -> threads = integers(required(args[i], value));
                    case "--batches" -> batches = integers(required(args[i], value));
                    case "--model-store" -> modelStore = Path.of(required(args[i], value));
                    case "--output" -> output = Path.of(required(args[i], value));
                    case "--readme" -> readme = Path.of(required(args[i], value));
                    default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'; see ModelBenchmarkMatrix's documentation");
                }
                if (!args[i].equals("--quick") && !args[i].equals("--without-isolation")) {
                    i++;
                }
            }
            for (String model : models) {
                if (!BenchmarkModels.names().contains(model)) {
                    throw new IllegalArgumentException("unknown model '" + model + "'; the models are " + BenchmarkModels.names());
                }
            }
            return new Arguments(settings, models, threads, batches, modelStore, output, readme, isolation);
        }

        private static String required(String option, String value) {
            if (value == null) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return value;
        }

        private static List<Integer> integers(String list) {
            return Arrays.stream(list.split(",")).map(Integer::valueOf).toList();
        }
    }
}
