package io.lcnnserve.systemtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged server ({@code service/target/lcnn-serve.jar}) started as an operator starts it:
 * {@code java --add-modules jdk.incubator.vector -jar service/target/lcnn-serve.jar} with the JDK
 * of the test JVM, from the repository root, on a free port. Its console output goes to
 * {@code target/server-logs/<name>.log}. Every wait is bounded.
 */
final class ServerProcess implements AutoCloseable {
    /** How long a cold start may take on a busy 2-core machine (JIT, model loading and warm-up). */
    static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(300);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    private final String name;
    private final Process process;
    private final Path log;
    private final HttpApi api;
    private final Thread killOnTestJvmExit;

    private ServerProcess(String name, Process process, Path log, int port) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.api = new HttpApi(URI.create("http://localhost:" + port));
        this.killOnTestJvmExit = new Thread(process::destroyForcibly, "kill-" + name);
        Runtime.getRuntime().addShutdownHook(killOnTestJvmExit);
    }

    /** The repository root: the working directory of the server and the home of the bundled store. */
    static Path repositoryRoot() {
        String root = System.getProperty("lcnn.repository.root");
        if (root == null) {
            throw new IllegalStateException("system property lcnn.repository.root is not set (run the tests with Maven)");
        }
        return Path.of(root).toAbsolutePath().normalize();
    }

    static Path packagedJar() {
        Path jar = repositoryRoot().resolve("service/target/lcnn-serve.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no packaged server at " + jar + "; build it with ./mvnw -B -ntp verify");
        }
        return jar;
    }

    /**
     * Starts the jar from the repository root with {@code --server.port=<free port>} and the given
     * extra arguments; returns at once (see {@link #awaitReady()}).
     */
    static ServerProcess start(String name, String... arguments) throws IOException {
        int port = freePort();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "--add-modules", "jdk.incubator.vector",
            "-jar", packagedJar().toString(), "--server.port=" + port));
        command.addAll(List.of(arguments));
        Path logs = Path.of(System.getProperty("lcnn.server.logs", "target/server-logs"));
        Files.createDirectories(logs);
        Path log = logs.resolve(name + ".log");
        Process process = new ProcessBuilder(command)
            .directory(repositoryRoot().toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
        return new ServerProcess(name, process, log, port);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    HttpApi api() {
        return api;
    }

    /** Waits until {@code GET /v2/health/ready} answers 200; fails with the log's tail if the server died or took too long. */
    ServerProcess awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        String lastAnswer = "no answer yet";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with status " + process.exitValue() + " before it was ready\n"
                    + logTail());
            }
            try {
                HttpApi.Response ready = api.get("/v2/health/ready");
                if (ready.status() == 200) {
                    return this;
                }
                lastAnswer = ready.status() + " " + ready.body();
            } catch (IOException notListeningYet) {
                lastAnswer = notListeningYet.toString();
            }
            Thread.sleep(500);
        }
        throw new AssertionError(name + " not ready within " + STARTUP_TIMEOUT + " (last answer: " + lastAnswer + ")\n"
            + logTail());
    }

    /** Sends SIGTERM (what {@code docker stop} and Kubernetes send) without waiting. */
    void terminate() {
        process.destroy();
    }

    /** Waits for the process to end and returns its exit status; fails if it is still running after {@code timeout}. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " still running " + timeout + " after it was asked to stop\n" + logTail());
        }
        return process.exitValue();
    }

    /** Waits until the console output contains {@code text}; fails after {@code timeout}. */
    void awaitLog(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!log().contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + " did not log '" + text + "' within " + timeout + "\n" + logTail());
            }
            Thread.sleep(100);
        }
    }

    String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the server log " + log, e);
        }
    }

    private String logTail() {
        List<String> lines = log().lines().toList();
        return "--- last lines of " + log + " ---\n"
            + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    /** Stops the server: SIGTERM, then SIGKILL if it has not exited within a minute. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        Runtime.getRuntime().removeShutdownHook(killOnTestJvmExit);
    }
}
