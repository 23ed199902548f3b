package io.lcnnserve.systemtest;

import static io.lcnnserve.systemtest.HttpApi.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The packaged jar pointed at another store with {@code --lcnn.model-store=<dir>} (a temporary copy
 * of one bundled model), and how it stops: the last test sends SIGTERM while a request is in flight.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SingleModelStoreSystemTest {
    private static final String MODEL = "mobilenet_v1_0.25_128";
    private static final String CLASSIFY = "/v1/models/" + MODEL + "/classify";
    /** Spring Boot's graceful shutdown waits up to 40 s (spring.lifecycle.timeout-per-shutdown-phase) for requests. */
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(90);
    /** The JVM's exit status after SIGTERM once its shutdown hooks have run: 128 + 15. */
    private static final int EXIT_STATUS_AFTER_SIGTERM = 143;

    @TempDir
    static Path store;
    private static ServerProcess server;
    private static HttpApi api;

    @BeforeAll
    static void startServerOnACopyOfOneModel() throws Exception {
        copyTree(ServerProcess.repositoryRoot().resolve("models").resolve(MODEL), store.resolve(MODEL));
        server = ServerProcess.start("single-model-store", "--lcnn.model-store=" + store).awaitReady();
        api = server.api();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    void servesOnlyTheModelOfTheConfiguredStore() throws Exception {
        HttpApi.Response r = api.get("/v1/models");
        assertEquals(200, r.status(), r::body);
        JsonNode listing = r.json();
        assertEquals(store.toString(), listing.get("store").asString(), r::body);
        assertEquals(1, listing.get("models").size(), r::body);
        assertEquals(MODEL, listing.get("models").get(0).get("name").asString(), r::body);
        assertEquals("READY", listing.get("models").get(0).get("versions").get(0).get("state").asString(), r::body);

        assertClassifiesParrotAsMacaw(api.post(CLASSIFY, "image/jpeg", HttpApi.resource("/images/parrot.jpg")));

        String bundledOnly = "/v1/models/" + ServingChecks.MOBILENET_V2 + "/classify";
        JsonNode problem = assertProblem(api.post(bundledOnly, "image/jpeg", HttpApi.resource("/images/cat.jpg")),
            404, "model-not-found", bundledOnly);
        assertTrue(problem.get("detail").asString().endsWith("available models: [" + MODEL + "]"), problem::toString);
    }

    @Test
    @Order(2)
    void sigtermLetsTheRequestInFlightFinishThenExits() throws Exception {
        byte[] parrot = HttpApi.resource("/images/parrot.jpg");
        int sentBeforeSignal = parrot.length / 2;
        CountDownLatch restReleased = new CountDownLatch(1);
        InputStream body = new SequenceInputStream(new ByteArrayInputStream(parrot, 0, sentBeforeSignal),
            new HeldBack(new ByteArrayInputStream(parrot, sentBeforeSignal, parrot.length - sentBeforeSignal),
                restReleased));
        CompletableFuture<HttpApi.Response> inFlight = api.postStreaming(CLASSIFY, "image/jpeg", body);
        try {
            awaitPostInProgress();
            server.terminate();
            server.awaitLog("Commencing graceful shutdown", Duration.ofSeconds(30));
            assertFalse(inFlight.isDone(), "the request must still be in flight when the shutdown starts");
        } finally {
            restReleased.countDown();
        }

        assertClassifiesParrotAsMacaw(inFlight.get(120, TimeUnit.SECONDS));
        assertEquals(EXIT_STATUS_AFTER_SIGTERM, server.awaitExit(EXIT_TIMEOUT));
        String log = server.log();
        assertTrue(log.contains("Graceful shutdown complete"), "Spring Boot reports the graceful shutdown complete");
        assertFalse(log.contains("Graceful shutdown aborted"), "no request was cut off");
    }

    private static void assertClassifiesParrotAsMacaw(HttpApi.Response r) {
        assertEquals(200, r.status(), r::body);
        JsonNode best = r.json().get("predictions").get(0).get("classes").get(0);
        assertEquals(89, best.get("index").asInt(), r::body);
        assertEquals("macaw", best.get("label").asString(), r::body);
    }

    /** Waits until the server counts a POST among its active requests (Micrometer's {@code http.server.requests.active}). */
    private static void awaitPostInProgress() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            HttpApi.Response r = api.get("/actuator/prometheus");
            assertEquals(200, r.status(), r::body);
            if (PrometheusScrape.parse(r.body()).sum("http_server_requests_active_seconds_count", "method", "POST") >= 1) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the streamed POST never became an active request of the server");
            }
            Thread.sleep(100);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Files.copy(source, to.resolve(from.relativize(source).toString()));
            }
        }
    }

    /** Bytes that are only handed out once {@code released} opens (a client that is slow to send the rest of its body). */
    private static final class HeldBack extends InputStream {
        private final InputStream rest;
        private final CountDownLatch released;

        HeldBack(InputStream rest, CountDownLatch released) {
            this.rest = rest;
            this.released = released;
        }

        @Override
        public int read() throws IOException {
            awaitRelease();
            return rest.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            awaitRelease();
            return rest.read(buffer, offset, length);
        }

        private void awaitRelease() throws IOException {
            try {
                if (!released.await(120, TimeUnit.SECONDS)) {
                    throw new IOException("the rest of the body was never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while holding back the body");
            }
        }
    }
}
