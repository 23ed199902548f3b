package io.lcnnserve.benchmarks;

import ai.onnxruntime.OrtEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * The machine a benchmark ran on, for the results' header: absolute times mean little without it.
 *
 * @param loadAverage the 1/5/15-minute load averages when the run started, a hint of other work on the machine
 */
record Machine(String cpu, int cores, boolean avx512, String jdk, String onnxRuntime, String date, String loadAverage) {

    static Machine describe() {
        List<String> cpuinfo = readLines(Path.of("/proc/cpuinfo"));
        String cpu = field(cpuinfo, "model name").orElse(System.getProperty("os.arch"));
        boolean avx512 = field(cpuinfo, "flags").map(flags -> (" " + flags + " ").contains(" avx512f ")).orElse(false);
        String jdk = System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " " + Runtime.version();
        String date = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
        String load = readLines(Path.of("/proc/loadavg")).stream().findFirst()
            .map(line -> String.join(" ", List.of(line.split(" ")).subList(0, 3))).orElse("unknown");
        return new Machine(cpu, Runtime.getRuntime().availableProcessors(), avx512, jdk,
            OrtEnvironment.getEnvironment().getVersion(), date, load);
    }

    private static Optional<String> field(List<String> cpuinfo, String name) {
        return cpuinfo.stream()
            .filter(line -> line.startsWith(name) && line.contains(":"))
            .map(line -> line.substring(line.indexOf(':') + 1).trim())
            .findFirst();
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            return List.of();
        }
    }
}
