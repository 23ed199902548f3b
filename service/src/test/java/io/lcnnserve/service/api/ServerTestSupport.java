package io.lcnnserve.service.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real-HTTP helpers for black-box tests of the running server (random port, java.net.http):
 * requests, multipart bodies, JSON parsing and waiting for readiness.
 */
public abstract class ServerTestSupport {
    protected static final JsonMapper JSON = JsonMapper.builder().build();
    protected static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(240);

    @LocalServerPort
    protected int port;

    @BeforeEach
    void awaitReady() throws Exception {
        long until = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (true) {
            HttpResponse<String> r = get("/v2/health/ready");
            if (r.statusCode() == 200) {
                return;
            }
            if (System.nanoTime() > until) {
                throw new AssertionError("server not ready after " + READY_TIMEOUT + ": " + r.body());
            }
            Thread.sleep(200);
        }
    }

    protected URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    protected HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(120)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    }

    protected HttpResponse<String> post(String path, String contentType, byte[] body, String... headers)
        throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(120))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (headers.length > 0) {
            b.headers(headers);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    protected HttpResponse<byte[]> postForBytes(String path, String contentType, byte[] body, String... headers)
        throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(120))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", contentType);
        if (headers.length > 0) {
            b.headers(headers);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** A multipart/form-data body with every image as a part named {@code image}. */
    protected record Multipart(String contentType, byte[] body) {
    }

    protected static Multipart multipart(Map<String, byte[]> images) {
        String boundary = "lcnn-test-boundary-7f3a";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Map.Entry<String, byte[]> image : images.entrySet()) {
            out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\""
                + image.getKey() + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.writeBytes(image.getValue());
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return new Multipart("multipart/form-data; boundary=" + boundary, out.toByteArray());
    }

    protected static byte[] image(String name) {
        try (InputStream in = ServerTestSupport.class.getResourceAsStream("/images/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("missing test image " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    protected static JsonNode json(String body) {
        return JSON.readTree(body);
    }

    /** The class indices of a classify response's prediction {@code i}, best first. */
    protected static List<Integer> classIndices(JsonNode response, int i) {
        List<Integer> indices = new ArrayList<>();
        response.get("predictions").get(i).get("classes").forEach(c -> indices.add(c.get("index").asInt()));
        return indices;
    }

    /** Asserts an RFC 9457 problem response: status, content type, type URI and the named fields. */
    protected static JsonNode assertProblem(HttpResponse<String> r, int status, String type) {
        assertEquals(status, r.statusCode(), () -> "body: " + r.body());
        assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse("").split(";")[0],
            () -> "content type of " + r.body());
        JsonNode problem = json(r);
        assertEquals(status, problem.get("status").asInt());
        assertEquals("urn:lcnn-serve:problem:" + type, problem.get("type").asString());
        assertEquals(problem.get("detail").asString(), problem.get("error").asString());
        org.junit.jupiter.api.Assertions.assertFalse(problem.get("title").asString().isBlank());
        org.junit.jupiter.api.Assertions.assertTrue(problem.get("instance").asString().startsWith("/"));
        org.junit.jupiter.api.Assertions.assertFalse(problem.get("requestId").asString().isBlank());
        return problem;
    }
}
