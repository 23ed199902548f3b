package io.lcnnserve.benchmarks;

import io.lcnnserve.benchmarks.ModelBenchmarkMatrix.Isolation;
import io.lcnnserve.benchmarks.ModelBenchmarkMatrix.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * The results of a matrix run as Markdown (ratios first: on a shared machine they are what carries
 * over, absolute times are not) and as JSON, one object per cell with exactly the fields
 * {@code model, threads, batch, ours_ms, ort_ms, ratio, alloc_bytes_per_op, arena_bytes}.
 */
record MatrixReport(Machine machine, Settings settings, List<MatrixRow> rows, Optional<Isolation> isolation) {
    static final String README_START = "<!-- benchmark-table:start (written by benchmarks/run.sh) -->";
    static final String README_END = "<!-- benchmark-table:end -->";

    static final double TARGET_MOBILENET_V2_RATIO = 1.5;
    static final double TARGET_WORST_RATIO = 2.0;
    static final double TARGET_TWO_THREAD_SPEEDUP = 1.6;
    static final double TARGET_ALLOCATION_BYTES = 4096;
    /** Profiling a neighbour counts as free if the profiling-off session is at most this much slower. */
    static final double TARGET_ISOLATION_RATIO = 1.05;
    private static final String MOBILENET_V2 = "mobilenet_v2_1.0_224";

    String markdown() {
        return "# Model benchmarks: lcnn-serve vs ONNX Runtime\n\n" + body("##");
    }

    /** Replaces the section between the README's benchmark markers with this report. */
    void updateReadme(Path readme) throws IOException {
        String text = Files.readString(readme);
        int start = text.indexOf(README_START);
        int end = text.indexOf(README_END);
        if (start < 0 || end < start) {
            System.out.println(readme + " has no benchmark markers (" + README_START + "); left unchanged");
            return;
        }
        Files.writeString(readme, text.substring(0, start + README_START.length()) + "\n" + body("###") + text.substring(end));
    }

    private String body(String heading) {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Machine: %s, %d cores%s; %s; ONNX Runtime %s (Java). %s, load average %s at the start.%n%n",
            machine.cpu(), machine.cores(), machine.avx512() ? " (AVX-512)" : "", machine.jdk(), machine.onnxRuntime(),
            machine.date(), machine.loadAverage()));
        md.append("Command: `benchmarks/run.sh").append(settings == Settings.QUICK ? " --quick" : "").append("` (")
            .append(settings.describe()).append("). Latency is the median call of one inference (JMH sample time); ")
            .append("**ratio = ours / ONNX Runtime**, below 1.00 we are faster. Ours: optimizer on, ")
            .append("`Session.run(inputs, outputs)` into caller-owned outputs. ONNX Runtime: same intra-op threads, ")
            .append("1 inter-op thread, sequential execution, all graph optimizations, pinned outputs. Same JVM, same input.\n\n");

        List<Integer> threads = rows.stream().map(MatrixRow::threads).distinct().sorted().toList();
        List<Integer> batches = rows.stream().map(MatrixRow::batch).distinct().sorted().toList();
        List<String> models = rows.stream().map(MatrixRow::model).distinct().toList();

        md.append(heading).append(" Ratio ours / ONNX Runtime\n\n| model |");
        StringBuilder rule = new StringBuilder("|---|");
        for (int t : threads) {
            for (int b : batches) {
                md.append(' ').append(t).append(t == 1 ? " thread" : " threads").append(", batch ").append(b).append(" |");
                rule.append("---:|");
            }
        }
        md.append('\n').append(rule).append('\n');
        for (String model : models) {
            md.append("| ").append(model).append(" |");
            for (int t : threads) {
                for (int b : batches) {
                    md.append(' ').append(cell(model, t, b).map(r -> number(r.ratio(), 2)).orElse("")).append(" |");
                }
            }
            md.append('\n');
        }

        md.append('\n').append(heading).append(" Acceptance checks\n\n| check | target | measured | |\n|---|---|---|---|\n");
        acceptance(md);

        md.append('\n').append(heading).append(" All cells\n\n")
            .append("| model | threads | batch | ours ms | ORT ms | ratio | best-call ratio | alloc bytes / inference | arena MiB |\n")
            .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (MatrixRow row : rows) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %s | %s | %s | %s | %s | %s |%n", row.model(), row.threads(), row.batch(),
                number(row.oursMs(), 2), number(row.ortMs(), 2), number(row.ratio(), 2), number(row.bestRatio(), 2),
                number(row.allocBytesPerOp(), 0), row.arenaBytes() == null ? "—" : number(row.arenaBytes() / 1048576.0, 1)));
        }
        md.append("\nA dash marks a benchmark that failed; its reason is in the run's log. Best-call ratio compares the fastest ")
            .append("call of each side, the one least disturbed by other processes.\n");
        return md.toString();
    }

    private void acceptance(StringBuilder md) {
        Optional<MatrixRow> mobileNet = cell(MOBILENET_V2, 1, 1);
        row(md, "MobileNetV2, 1 thread, batch 1", "ratio ≤ " + TARGET_MOBILENET_V2_RATIO + " (goal < 1.0)",
            mobileNet.map(r -> number(r.ratio(), 2)).orElse("not measured"),
            mobileNet.map(MatrixRow::ratio).map(r -> r <= TARGET_MOBILENET_V2_RATIO));

        Optional<MatrixRow> worst = rows.stream().filter(MatrixRow::complete).max(Comparator.comparing(MatrixRow::ratio));
        row(md, "worst cell", "ratio ≤ " + TARGET_WORST_RATIO,
            worst.map(r -> number(r.ratio(), 2) + " (" + describe(r) + ")").orElse("not measured"),
            worst.map(r -> r.ratio() <= TARGET_WORST_RATIO && rows.stream().allMatch(MatrixRow::complete)));

        StringJoiner speedups = new StringJoiner(", ");
        Optional<Boolean> scalingMet = Optional.empty();
        for (String model : rows.stream().map(MatrixRow::model).distinct().toList()) {
            Optional<MatrixRow> one = cell(model, 1, 8);
            Optional<MatrixRow> two = cell(model, 2, 8);
            if (one.isPresent() && two.isPresent() && one.get().oursMs() != null && two.get().oursMs() != null) {
                double speedup = one.get().oursMs() / two.get().oursMs();
                speedups.add(model + " " + number(speedup, 2) + "x");
                scalingMet = Optional.of(scalingMet.orElse(true) && speedup >= TARGET_TWO_THREAD_SPEEDUP);
            }
        }
        row(md, "2 threads vs 1 thread, batch 8 (our throughput)", "≥ " + TARGET_TWO_THREAD_SPEEDUP + "x",
            speedups.length() == 0 ? "not measured" : speedups.toString(), scalingMet);

        Optional<MatrixRow> mostAllocating = rows.stream().filter(r -> r.allocBytesPerOp() != null)
            .max(Comparator.comparing(MatrixRow::allocBytesPerOp));
        row(md, "allocation per inference, every cell (gc.alloc.rate.norm)", "≤ " + number(TARGET_ALLOCATION_BYTES, 0) + " bytes",
            mostAllocating.map(r -> "max " + number(r.allocBytesPerOp(), 0) + " bytes (" + describe(r) + ")").orElse("not measured"),
            mostAllocating.map(r -> r.allocBytesPerOp() <= TARGET_ALLOCATION_BYTES));

        isolation.ifPresent(i -> row(md, "profiling on a neighbour session (" + i.model() + ", batch 1, 1 thread each)",
            "profiling-off session ≤ " + number((TARGET_ISOLATION_RATIO - 1) * 100, 0) + "% slower",
            i.ratio() == null ? "not measured" : "median " + number(i.neighbourProfilingMs(), 2) + " ms vs " + number(i.neighbourPlainMs(), 2)
                + " ms with the neighbour not profiling: x" + number(i.ratio(), 3) + "; best call x" + number(i.bestRatio(), 3),
            Optional.ofNullable(i.ratio()).map(r -> r <= TARGET_ISOLATION_RATIO)));
    }

    private static void row(StringBuilder md, String check, String target, String measured, Optional<Boolean> met) {
        md.append("| ").append(check).append(" | ").append(target).append(" | ").append(measured).append(" | ")
            .append(met.map(m -> m ? "met" : "**not met**").orElse("")).append(" |\n");
    }

    private static String describe(MatrixRow row) {
        return row.model() + ", " + row.threads() + (row.threads() == 1 ? " thread" : " threads") + ", batch " + row.batch();
    }

    private Optional<MatrixRow> cell(String model, int threads, int batch) {
        return rows.stream().filter(r -> r.model().equals(model) && r.threads() == threads && r.batch() == batch).findFirst();
    }

    String json() {
        StringJoiner cells = new StringJoiner(",\n", "[\n", "\n]\n");
        for (MatrixRow row : rows) {
            cells.add(String.format(Locale.ROOT,
                "  {\"model\": \"%s\", \"threads\": %d, \"batch\": %d, \"ours_ms\": %s, \"ort_ms\": %s, \"ratio\": %s, "
                    + "\"alloc_bytes_per_op\": %s, \"arena_bytes\": %s}",
                row.model().replace("\\", "\\\\").replace("\"", "\\\""), row.threads(), row.batch(), jsonNumber(row.oursMs(), 4),
                jsonNumber(row.ortMs(), 4), jsonNumber(row.ratio(), 4), jsonNumber(row.allocBytesPerOp(), 1),
                row.arenaBytes() == null ? "null" : row.arenaBytes().toString()));
        }
        return cells.toString();
    }

    private static String number(Double value, int decimals) {
        return value == null ? "—" : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    private static String jsonNumber(Double value, int decimals) {
        return value == null || !Double.isFinite(value) ? "null" : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
