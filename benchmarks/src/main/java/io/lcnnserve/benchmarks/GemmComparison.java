package io.lcnnserve.benchmarks;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.util.Statistics;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link GemmBenchmark} and prints, per shape and weight side, both GFLOP/s figures and their
 * ratio (ours / ONNX Runtime), from the best call and from the median call; a ratio is robust to a
 * noisy machine where absolute times are not.
 * Arguments are ordinary JMH options (e.g. {@code -p shape=1024x1024x1024 -p weights=left -wi 2}).
 */
public final class GemmComparison {

    private GemmComparison() {
    }

    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        CommandLineOptions commandLine = new CommandLineOptions(args);
        ChainedOptionsBuilder options = new OptionsBuilder().parent(commandLine)
            .include(GemmBenchmark.class.getName() + "\\.");
        Collection<RunResult> results = new Runner(options.build()).run();

        Map<String, double[]> microsByCase = new TreeMap<>();
        for (RunResult result : results) {
            String shape = result.getParams().getParam("shape");
            String weights = result.getParams().getParam("weights");
            String method = result.getParams().getBenchmark();
            Statistics statistics = result.getPrimaryResult().getStatistics();
            double[] times = microsByCase.computeIfAbsent(shape + " weights=" + weights, key -> new double[4]);
            int column = method.endsWith(".lcnn") ? 0 : 1;
            times[column] = statistics.getMin();
            times[column + 2] = statistics.getPercentile(50);
        }
        System.out.println();
        System.out.println("GFLOP/s of the best call and of the median call; ratio = lcnn / ONNX Runtime.");
        System.out.printf("%-30s %10s %10s %7s   %10s %10s %7s%n", "GEMM MxKxN, 1 thread",
            "lcnn best", "ORT best", "ratio", "lcnn med", "ORT med", "ratio");
        for (Map.Entry<String, double[]> entry : microsByCase.entrySet()) {
            String[] dims = entry.getKey().split(" ")[0].split("x");
            double flops = 2.0 * Double.parseDouble(dims[0]) * Double.parseDouble(dims[1]) * Double.parseDouble(dims[2]);
            double[] times = entry.getValue();
            double oursBest = gflops(flops, times[0]);
            double ortBest = gflops(flops, times[1]);
            double oursMedian = gflops(flops, times[2]);
            double ortMedian = gflops(flops, times[3]);
            System.out.printf("%-30s %10.1f %10.1f %7.2f   %10.1f %10.1f %7.2f%n", entry.getKey(),
                oursBest, ortBest, oursBest / ortBest, oursMedian, ortMedian, oursMedian / ortMedian);
        }
    }

    /** GFLOP/s from a flop count and a time in microseconds. */
    private static double gflops(double flops, double micros) {
        return flops / micros / 1e3;
    }
}
