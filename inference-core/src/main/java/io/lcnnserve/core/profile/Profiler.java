package io.lcnnserve.core.profile;

import io.lcnnserve.core.plan.ExecutionPlan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Collects per-step timings of one session. Not thread-safe (a session runs on one thread at a
 * time). Keeps the most recent {@code capacity} runs of the plan last executed; a run with a new
 * plan (other input shapes) starts a fresh profile.
 */
public final class Profiler {
    private final String model;
    private final int capacity;
    private ExecutionPlan plan;
    private long[][] stepNanos;
    private long[] runNanos;
    private long[][] lastRun;
    private int runs;
    private long runStart;

    public Profiler(String model, int capacity) {
        this.model = model;
        this.capacity = capacity;
    }

    public void beginRun(ExecutionPlan executed) {
        if (executed != plan) {
            plan = executed;
            stepNanos = new long[executed.steps().size()][capacity];
            runNanos = new long[capacity];
            lastRun = new long[executed.steps().size()][2];
            runs = 0;
        }
        runStart = System.nanoTime();
    }

    public void recordStep(int step, long startNanos, long endNanos) {
        stepNanos[step][runs % capacity] = endNanos - startNanos;
        lastRun[step][0] = startNanos - runStart;
        lastRun[step][1] = endNanos - startNanos;
    }

    public void endRun() {
        runNanos[runs % capacity] = System.nanoTime() - runStart;
        runs++;
    }

    /** Forgets the runs so far (e.g. after warm-up). */
    public void reset() {
        runs = 0;
    }

    /** The profile of the recorded runs, or null before the first run. */
    public Profile snapshot() {
        if (plan == null || runs == 0) {
            return null;
        }
        int n = Math.min(runs, capacity);
        List<LayerCost> costs = LayerCost.of(plan);
        double[] means = new double[costs.size()];
        double total = 0;
        for (int s = 0; s < means.length; s++) {
            means[s] = mean(stepNanos[s], n) / 1e6;
            total += means[s];
        }
        List<LayerProfile> layers = new ArrayList<>();
        for (int s = 0; s < means.length; s++) {
            long[] sorted = Arrays.copyOf(stepNanos[s], n);
            Arrays.sort(sorted);
            layers.add(new LayerProfile(costs.get(s), means[s], percentile(sorted, 0.50) / 1e6,
                percentile(sorted, 0.99) / 1e6, total > 0 ? means[s] / total : 0));
        }
        long[][] last = new long[lastRun.length][];
        for (int s = 0; s < last.length; s++) {
            last[s] = lastRun[s].clone();
        }
        return new Profile(model, n, mean(runNanos, n) / 1e6, layers, last);
    }

    private static double mean(long[] values, int n) {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += values[i];
        }
        return (double) sum / n;
    }

    private static double percentile(long[] sorted, double q) {
        int idx = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, idx))];
    }
}
