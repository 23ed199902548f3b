package io.lcnnserve.core.runtime;

import io.lcnnserve.core.graph.Graph;
import io.lcnnserve.core.graph.Node;
import io.lcnnserve.core.profile.LayerProfile;
import io.lcnnserve.core.profile.Profile;
import io.lcnnserve.core.tensor.Tensor;
import io.lcnnserve.core.testing.BundledModels;
import io.lcnnserve.core.testing.OrtOracle;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * A quick side-by-side latency loop for a bundled model (not the benchmark suite): our optimized
 * session and ONNX Runtime (all graph optimizations, same thread count) alternate run by run, so
 * both see the same machine load; wall time and, for one thread, the calling thread's CPU time.
 * Usage: {@code LatencyProbe <model> [runs] [threads] [batch]}; {@code -Dprobe.layers=true} adds the
 * slowest layers of a profiled run, {@code -Dprobe.reference=true} the unoptimized graph.
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
        Model model = BundledModels.load(name);
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
        try (Session ours = model.newSession(options);
             OrtOracle ort = OrtOracle.open(BundledModels.modelFile(name), OrtOracle.Options.defaults().withThreads(threads))) {
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
