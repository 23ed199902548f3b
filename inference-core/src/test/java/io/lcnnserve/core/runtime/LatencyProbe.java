package io.lcnnserve.core.runtime;

import io.lcnnserve.core.testing.BundledModels;
import io.lcnnserve.core.graph.Graph;
import io.lcnnserve.core.graph.Node;
import io.lcnnserve.core.profile.LayerProfile;
import io.lcnnserve.core.profile.Profile;
import io.lcnnserve.core.tensor.Tensor;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * A quick latency loop for a bundled model, optimizer on and off (not a benchmark: the JMH suite
 * is the reference). Usage: {@code LatencyProbe <model> [runs] [threads] [batch] [on|off|both]}.
 */
public final class LatencyProbe {
    private LatencyProbe() {
    }

    public static void main(String[] args) {
        String name = args.length > 0 ? args[0] : "mobilenet_v2_1.0_224";
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        int batch = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        String modes = args.length > 4 ? args[4] : "both";
        Model model = BundledModels.load(name);
        int[] shape = new int[model.signature().inputs().get(0).dims().size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = i == 0 ? batch : model.signature().inputs().get(0).dims().get(i).value();
        }
        float[] data = new float[Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) Math.sin(i * 0.001);
        }
        Map<String, Tensor> input = Map.of(model.signature().inputs().get(0).name(), Tensor.of(data, shape));
        System.out.println("optimized graph: " + histogram(model.graph(true)));
        for (boolean optimize : new boolean[] {true, false}) {
            if (modes.equals("on") && !optimize || modes.equals("off") && optimize) {
                continue;
            }
            SessionOptions options = SessionOptions.defaults().withOptimize(optimize).withIntraOpThreads(threads);
            try (Session session = model.newSession(options)) {
                int warmup = optimize ? Math.max(20, runs / 2) : 2;
                for (int i = 0; i < warmup; i++) {
                    session.run(input);
                }
                int n = optimize ? runs : Math.max(2, runs / 20);
                long[] times = new long[n];
                for (int i = 0; i < n; i++) {
                    long start = System.nanoTime();
                    session.run(input);
                    times[i] = System.nanoTime() - start;
                }
                Arrays.sort(times);
                System.out.printf("%s optimize=%s threads=%d batch=%d: min %.2f ms, p50 %.2f ms, mean %.2f ms%n", name,
                    optimize, threads, batch, times[0] / 1e6, times[n / 2] / 1e6,
                    Arrays.stream(times).average().orElse(0) / 1e6);
                if (optimize && Boolean.getBoolean("probe.layers")) {
                    printLayers(model, options, input, runs);
                }
            }
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
            profile.layers().stream().sorted((a, b) -> Double.compare(b.p50Ms(), a.p50Ms())).limit(25).forEach(l ->
                System.out.printf("  %7.3f ms %6.1f GFLOP/s %-10s %s -> %s%n", l.p50Ms(),
                    2e-6 * l.cost().macs() / Math.max(l.p50Ms(), 1e-6), l.cost().opType(),
                    l.cost().inputShapes().stream().map(Arrays::toString).toList(),
                    l.cost().outputShapes().stream().map(Arrays::toString).toList()));
        }
    }

    private static Map<String, Integer> histogram(Graph graph) {
        Map<String, Integer> counts = new TreeMap<>();
        for (Node node : graph.nodes()) {
            counts.merge(node.opType(), 1, Integer::sum);
        }
        return counts;
    }
}
