package io.lcnnserve.core.runtime;

import io.lcnnserve.core.graph.Graph;
import io.lcnnserve.core.graph.Node;
import io.lcnnserve.core.profile.LayerProfile;
import io.lcnnserve.core.profile.Profile;
import io.lcnnserve.core.tensor.Tensor;
import io.lcnnserve.core.testing.BundledModels;
import io.lcnnserve.core.testing.OrtOracle;
import io.lcnnserve.core.testing.SyntheticModels;
import io.lcnnserve.core.testing.SyntheticModels.Architecture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A quick side-by-side latency loop for a bundled model (not the benchmark suite): our optimized
 * session and ONNX Runtime (all graph optimizations, same thread count) alternate run by run, so
 * both see the same machine load; wall time and, for one thread, the calling thread's CPU time.
 * Usage: {@code LatencyProbe <model> [runs] [threads] [batch]} (a bundled model or a synthetic architecture); {@code -Dprobe.layers=true} adds the
 * slowest layers of a profiled run, {@code -Dprobe.reference=true} the unoptimized graph,
 * {@code -Dprobe.scaling=true} each op kind's time at one thread against the given thread count, and
 * {@code -Dprobe.ort=false} skips ONNX Runtime (whose spinning workers distort multi-threaded runs).
 */
public final class LatencyProbe {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private LatencyProbe() {
    }

    public static void main(String[] args) {
        String name = args.length > 0 ? args[0] : "mobilenet_v2_1.0_224";
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        int batch = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        byte[] bytes = modelBytes(name);
        Model model = OnnxModels.load(bytes, name);
        String inputName = model.signature().inputs().get(0).name();
        int[] shape = model.signature().inputs().get(0).dims().stream().mapToInt(d -> d.isFixed() ? d.value() : batch)
            .toArray();
        shape[0] = batch;
        float[] data = new float[Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) Math.sin(i * 0.001);
        }
        Map<String, Tensor> input = Map.of(inputName, Tensor.of(data, shape));
        System.out.println("optimized graph: " + histogram(model.graph(true)));
        SessionOptions options = SessionOptions.defaults().withIntraOpThreads(threads);
        if (Boolean.parseBoolean(System.getProperty("probe.ort", "true"))) {
            compareWithOrt(name, bytes, model, options, input, runs, threads, batch);
        }
        if (Boolean.getBoolean("probe.reference")) {
            try (Session reference = model.newSession(options.withOptimize(false))) {
                reference.run(input);
                long t0 = System.nanoTime();
                reference.run(input);
                System.out.printf("  unoptimized: %.1f ms%n", (System.nanoTime() - t0) / 1e6);
            }
        }
        if (Boolean.getBoolean("probe.layers")) {
            printLayers(model, options, input, runs);
        }
        if (Boolean.getBoolean("probe.scaling")) {
            printScaling(model, options, input, runs);
        }
        String pass = System.getProperty("probe.without");
        if (pass != null) {
            compareWithout(name, model, options, input, runs, pass);
        }
        if (Boolean.getBoolean("probe.split")) {
            printSplit(model, input, runs, threads, batch);
        }
        if (Boolean.getBoolean("probe.concurrent")) {
            printConcurrent(model, input, runs, threads);
        }
    }

    /** The model against itself loaded without optimizer pass {@code pass}, run by run in turn. */
    private static void compareWithout(String name, Model model, SessionOptions options, Map<String, Tensor> input,
                                       int runs, String pass) {
        System.setProperty(io.lcnnserve.core.optimize.GraphOptimizer.DISABLE_PROPERTY, pass);
        Model without = BundledModels.load(name);
        System.clearProperty(io.lcnnserve.core.optimize.GraphOptimizer.DISABLE_PROPERTY);
        try (Session with = model.newSession(options); Session other = without.newSession(options)) {
            long[][] wall = new long[2][runs];
            for (int round = -1; round < 1; round++) {
                for (int i = 0; i < runs; i++) {
                    long t0 = System.nanoTime();
                    with.run(input);
                    long t1 = System.nanoTime();
                    other.run(input);
                    long t2 = System.nanoTime();
                    wall[0][i] = t1 - t0;
                    wall[1][i] = t2 - t1;
                }
            }
            Arrays.sort(wall[0]);
            Arrays.sort(wall[1]);
            System.out.printf("with all passes: min %.3f p50 %.3f ms; without %s: min %.3f p50 %.3f ms; ratio p50 %.3f%n",
                wall[0][0] / 1e6, wall[0][runs / 2] / 1e6, pass, wall[1][0] / 1e6, wall[1][runs / 2] / 1e6,
                (double) wall[0][runs / 2] / wall[1][runs / 2]);
        }
    }

    /** The batch split into per-thread single-threaded sessions, against one session on all threads. */
    private static void printSplit(Model model, Map<String, Tensor> input, int runs, int threads, int batch) {
        String name = input.keySet().iterator().next();
        Tensor x = input.get(name);
        int[] part = x.shape();
        part[0] = batch / threads;
        int partSize = x.size() / threads;
        List<Map<String, Tensor>> parts = new java.util.ArrayList<>();
        for (int t = 0; t < threads; t++) {
            parts.add(Map.of(name, Tensor.wrap(x.type(), part, x.floats(), t * partSize)));
        }
        SessionOptions single = SessionOptions.defaults().withIntraOpThreads(1);
        List<Session> sessions = new java.util.ArrayList<>();
        for (int t = 0; t < threads; t++) {
            sessions.add(model.newSession(single));
        }
        io.lcnnserve.core.kernels.parallel.Parallel pool = io.lcnnserve.core.kernels.parallel.Parallel.fixedThreads(threads);
        try (Session whole = model.newSession(SessionOptions.defaults().withIntraOpThreads(threads));
             Session one = model.newSession(single)) {
            for (int round = 0; round < 3; round++) {
                long[] times = new long[3];
                for (int i = 0; i < runs; i++) {
                    long t0 = System.nanoTime();
                    pool.forRange(threads, 1, (p, s, e) -> sessions.get(p).run(parts.get(p)));
                    long t1 = System.nanoTime();
                    whole.run(input);
                    long t2 = System.nanoTime();
                    one.run(input);
                    long t3 = System.nanoTime();
                    times[0] += t1 - t0;
                    times[1] += t2 - t1;
                    times[2] += t3 - t2;
                }
                System.out.printf("1 thread %.2f ms; %d threads: split batch %.2f ms (x%.2f), one session %.2f ms (x%.2f)%n",
                    times[2] / 1e6 / runs, threads, times[0] / 1e6 / runs, (double) times[2] / times[0],
                    times[1] / 1e6 / runs, (double) times[2] / times[1]);
            }
        } finally {
            sessions.forEach(Session::close);
            pool.close();
        }
    }

    /**
     * The machine's own ceiling (after one concurrent round to warm the JIT up) for thread scaling: {@code threads} single-threaded sessions run
     * concurrently (no shared work, no barriers) against one running alone.
     */
    private static void printConcurrent(Model model, Map<String, Tensor> input, int runs, int threads) {
        SessionOptions single = SessionOptions.defaults().withIntraOpThreads(1);
        timeSessions(model, single, input, runs, threads);
        double alone = timeSessions(model, single, input, runs, 1);
        double together = timeSessions(model, single, input, runs, threads);
        double shared = timeSessions(model, single.withIntraOpThreads(threads), input, runs, 1);
        if (Boolean.getBoolean("probe.profiled")) {
            timeSessions(model, single.withIntraOpThreads(threads).withProfiling(true), input, runs, 1);
        }
        System.out.printf("one session alone %.2f ms/run, %d concurrent %.2f ms/run each: throughput x%.2f%n",
            alone, threads, together, threads * alone / together);
        System.out.printf("one session on %d threads %.2f ms/run: throughput x%.2f%n", threads, shared, alone / shared);
    }

    private static double timeSessions(Model model, SessionOptions options, Map<String, Tensor> input, int runs,
                                       int sessions) {
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(sessions);
        double[] perRun = new double[sessions];
        Thread[] workers = new Thread[sessions];
        for (int s = 0; s < sessions; s++) {
            int index = s;
            workers[s] = new Thread(() -> {
                try (Session session = model.newSession(options)) {
                    for (int i = 0; i < runs; i++) {
                        session.run(input);
                    }
                    start.await();
                    long[] times = new long[runs];
                    long t0 = System.nanoTime();
                    for (int i = 0; i < runs; i++) {
                        long r0 = System.nanoTime();
                        session.run(input);
                        times[i] = System.nanoTime() - r0;
                    }
                    perRun[index] = (System.nanoTime() - t0) / 1e6 / runs;
                    Arrays.sort(times);
                    System.out.printf("  session %d of %d, %d threads: min %.2f p10 %.2f p50 %.2f p90 %.2f max %.2f ms%n",
                        index, sessions, options.intraOpThreads(), times[0] / 1e6, times[runs / 10] / 1e6,
                        times[runs / 2] / 1e6, times[runs * 9 / 10] / 1e6, times[runs - 1] / 1e6);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            workers[s].start();
        }
        for (Thread worker : workers) {
            try {
                worker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return Arrays.stream(perRun).average().orElseThrow();
    }

    /** A bundled model's file, or else the synthetic architecture of that name (e.g. {@code squeezenet1_0}). */
    private static byte[] modelBytes(String name) {
        Path file = BundledModels.repositoryRoot().resolve("models").resolve(name).resolve("1").resolve("model.onnx");
        try {
            return Files.isRegularFile(file) ? Files.readAllBytes(file)
                : SyntheticModels.get(Architecture.valueOf(name.toUpperCase(Locale.ROOT))).bytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void compareWithOrt(String name, byte[] bytes, Model model, SessionOptions options,
                                       Map<String, Tensor> input, int runs, int threads, int batch) {
        try (Session ours = model.newSession(options);
             OrtOracle ort = OrtOracle.open(bytes, OrtOracle.Options.defaults().withThreads(threads))) {
            long[][] wall = new long[2][runs];
            long[][] cpu = new long[2][runs];
            for (int i = 0; i < runs / 2; i++) {
                ours.run(input);
                ort.run(input);
            }
            for (int i = 0; i < runs; i++) {
                for (int engine = 0; engine < 2; engine++) {
                    long c0 = THREADS.getCurrentThreadCpuTime();
                    long t0 = System.nanoTime();
                    if (engine == 0) {
                        ours.run(input);
                    } else {
                        ort.run(input);
                    }
                    wall[engine][i] = System.nanoTime() - t0;
                    cpu[engine][i] = THREADS.getCurrentThreadCpuTime() - c0;
                }
            }
            for (long[] w : wall) {
                Arrays.sort(w);
            }
            for (long[] c : cpu) {
                Arrays.sort(c);
            }
            System.out.printf("%s threads=%d batch=%d%n", name, threads, batch);
            System.out.printf("  ours: wall min %.2f p50 %.2f ms, cpu min %.2f p50 %.2f ms%n", wall[0][0] / 1e6,
                wall[0][runs / 2] / 1e6, cpu[0][0] / 1e6, cpu[0][runs / 2] / 1e6);
            System.out.printf("  ORT:  wall min %.2f p50 %.2f ms, cpu min %.2f p50 %.2f ms%n", wall[1][0] / 1e6,
                wall[1][runs / 2] / 1e6, cpu[1][0] / 1e6, cpu[1][runs / 2] / 1e6);
            System.out.printf("  ratio ours/ORT: wall min %.2f, wall p50 %.2f%s%n", (double) wall[0][0] / wall[1][0],
                (double) wall[0][runs / 2] / wall[1][runs / 2],
                threads == 1 ? String.format(", cpu p50 %.2f", (double) cpu[0][runs / 2] / cpu[1][runs / 2]) : "");
        }
    }

    /** Per-layer p50 times of a profiled session, slowest first. */
    private static void printLayers(Model model, SessionOptions options, Map<String, Tensor> input, int runs) {
        try (Session session = model.newSession(options.withProfiling(true))) {
            for (int i = 0; i < runs; i++) {
                session.run(input);
            }
            session.resetProfile();
            for (int i = 0; i < runs; i++) {
                session.run(input);
            }
            Profile profile = session.profile().orElseThrow();
            double total = profile.layers().stream().mapToDouble(LayerProfile::p50Ms).sum();
            System.out.printf("sum of layer p50 %.2f ms%n", total);
            Map<String, Double> byKind = new TreeMap<>();
            for (LayerProfile l : profile.layers()) {
                byKind.merge(kind(l), l.p50Ms(), Double::sum);
            }
            byKind.forEach((kind, ms) -> System.out.printf("  %-22s %7.3f ms%n", kind, ms));
            profile.layers().stream().sorted((a, b) -> Double.compare(b.p50Ms(), a.p50Ms())).limit(30).forEach(l ->
                System.out.printf("  %7.3f ms %6.1f GFLOP/s %-10s %s -> %s%n", l.p50Ms(),
                    2e-6 * l.cost().macs() / Math.max(l.p50Ms(), 1e-6), l.cost().opType(),
                    l.cost().inputShapes().stream().map(Arrays::toString).toList(),
                    l.cost().outputShapes().stream().map(Arrays::toString).toList()));
        }
    }

    /** Each op kind's summed layer p50 at one thread and at the session's thread count. */
    private static void printScaling(Model model, SessionOptions options, Map<String, Tensor> input, int runs) {
        Map<String, Double> one = timeByKind(model, options.withIntraOpThreads(1), input, runs);
        Map<String, Double> many = timeByKind(model, options, input, runs);
        System.out.printf("%-22s %9s %9s %7s%n", "kind", "1 thread", options.intraOpThreads() + " threads", "gain");
        one.forEach((kind, ms) -> System.out.printf("%-22s %9.3f %9.3f %7.2f%n", kind, ms, many.get(kind),
            ms / many.get(kind)));
    }

    private static Map<String, Double> timeByKind(Model model, SessionOptions options, Map<String, Tensor> input,
                                                  int runs) {
        try (Session session = model.newSession(options.withProfiling(true))) {
            for (int i = 0; i < runs; i++) {
                session.run(input);
            }
            session.resetProfile();
            long t0 = System.nanoTime();
            for (int i = 0; i < runs; i++) {
                session.run(input);
            }
            double wallMs = (System.nanoTime() - t0) / 1e6 / runs;
            Map<String, Double> byKind = new TreeMap<>();
            byKind.put("(wall mean)", wallMs);
            double total = 0;
            double totalMean = 0;
            for (LayerProfile l : session.profile().orElseThrow().layers()) {
                byKind.merge(kind(l), l.p50Ms(), Double::sum);
                byKind.merge(kind(l) + " (mean)", l.meanMs(), Double::sum);
                total += l.p50Ms();
                totalMean += l.meanMs();
            }
            byKind.put("(total)", total);
            byKind.put("(total mean)", totalMean);
            return byKind;
        }
    }

    /** Op type, with convolutions told apart by weight shape (pointwise, depthwise, other). */
    private static String kind(LayerProfile l) {
        String op = l.cost().opType();
        if (!op.endsWith("Conv") || l.cost().inputShapes().size() < 2) {
            return op;
        }
        int[] w = l.cost().inputShapes().get(1);
        if (w.length == 4 && w[2] == 1 && w[3] == 1) {
            return op + " pointwise";
        }
        return op + (w.length == 4 && w[1] == 1 ? " depthwise" : " other");
    }

    private static Map<String, Integer> histogram(Graph graph) {
        Map<String, Integer> counts = new TreeMap<>();
        for (Node node : graph.nodes()) {
            counts.merge(node.opType(), 1, Integer::sum);
        }
        return counts;
    }
}
