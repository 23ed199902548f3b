package io.lcnnserve.benchmarks;

import ai.onnxruntime.OrtException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;

/**
 * The {@link GemmBenchmark} comparison timed by the calling thread's CPU time instead of wall time,
 * alternating one call of ours and one of ONNX Runtime (one intra-op thread runs on the caller).
 * On a shared machine a call that is preempted still costs only the CPU it used, so best and median
 * stay meaningful for calls longer than a scheduler slice (1024^3), where JMH's wall-clock samples
 * are mostly interrupted. Usage: {@code GemmCpuTimeComparison [seconds-per-case] [MxKxN ...]}.
 */
public final class GemmCpuTimeComparison {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private GemmCpuTimeComparison() {
    }

    public static void main(String[] args) throws OrtException {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 10;
        List<String> shapes = args.length > 1 ? Arrays.asList(args).subList(1, args.length)
            : List.of("1024x1024x1024", "1280x320x49", "96x16x12544", "320x960x49", "144x24x3136", "576x96x196", "960x160x49");
        System.out.println("Thread CPU time per call, alternating calls; GFLOP/s of the best and the median call.");
        System.out.printf("%-30s %10s %10s %7s   %10s %10s %7s%n", "GEMM MxKxN, 1 thread",
            "lcnn best", "ORT best", "ratio", "lcnn med", "ORT med", "ratio");
        for (String shape : shapes) {
            for (String weights : List.of("left", "right")) {
                compare(shape, weights, seconds);
            }
        }
    }

    private static void compare(String shape, String weights, double seconds) throws OrtException {
        GemmBenchmark bench = new GemmBenchmark();
        bench.shape = shape;
        bench.weights = weights;
        bench.setUp();
        try {
            long warmUpEnd = System.nanoTime() + (long) (seconds * 0.3e9);
            while (System.nanoTime() < warmUpEnd) {
                bench.lcnn();
                bench.onnxRuntime();
            }
            long[] ours = new long[1 << 16];
            long[] ort = new long[1 << 16];
            int calls = 0;
            long end = System.nanoTime() + (long) (seconds * 1e9);
            while ((System.nanoTime() < end || calls < 5) && calls < ours.length) {
                long start = THREADS.getCurrentThreadCpuTime();
                bench.lcnn();
                long middle = THREADS.getCurrentThreadCpuTime();
                bench.onnxRuntime();
                long stop = THREADS.getCurrentThreadCpuTime();
                ours[calls] = middle - start;
                ort[calls] = stop - middle;
                calls++;
            }
            String[] dims = shape.split("x");
            double flops = 2.0 * Double.parseDouble(dims[0]) * Double.parseDouble(dims[1]) * Double.parseDouble(dims[2]);
            long[] oursSorted = Arrays.copyOf(ours, calls);
            long[] ortSorted = Arrays.copyOf(ort, calls);
            Arrays.sort(oursSorted);
            Arrays.sort(ortSorted);
            double oursBest = flops / oursSorted[0];
            double ortBest = flops / ortSorted[0];
            double oursMedian = flops / oursSorted[calls / 2];
            double ortMedian = flops / ortSorted[calls / 2];
            System.out.printf("%-30s %10.1f %10.1f %7.2f   %10.1f %10.1f %7.2f%n", shape + " weights=" + weights,
                oursBest, ortBest, oursBest / ortBest, oursMedian, ortMedian, oursMedian / ortMedian);
        } finally {
            bench.tearDown();
        }
    }
}
