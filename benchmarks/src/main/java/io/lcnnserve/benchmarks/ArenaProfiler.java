package io.lcnnserve.benchmarks;

import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * Reports the activation-arena bytes of the session under test as the secondary result
 * {@value #LABEL}. It runs inside the forked benchmark JVM, where the benchmark's set-up records
 * {@code Session.arenaBytes()} after its first run; JMH carries the figure back to the runner with
 * the timings (auxiliary counters would too, but not in sample-time mode).
 */
public final class ArenaProfiler implements InternalProfiler {
    static final String LABEL = "arena.bytes";
    private static volatile long arenaBytes = -1;

    /** Called by a benchmark's set-up with the arena size of its session. */
    static void record(long bytes) {
        arenaBytes = bytes;
    }

    @Override
    public String getDescription() {
        return "Peak activation-arena bytes of the lcnn session under test";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                       IterationResult result) {
        long bytes = arenaBytes;
        return bytes < 0 ? List.of() : List.of(new ScalarResult(LABEL, bytes, "bytes", AggregationPolicy.MAX));
    }
}
