package io.lcnnserve.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A client's view of a running server: plain HTTP/1.1 requests with bounded timeouts, JSON answers. */
final class HttpApi {
    /** Generous: the first inference of a model on a busy machine takes seconds. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(120);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI base;
    private final HttpClient client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10))
        .build();

    HttpApi(URI base) {
        this.base = base;
    }

    record Response(int status, String contentType, String body) {
        JsonNode json() {
            return JSON.readTree(body);
        }
    }

    Response get(String path) throws IOException, InterruptedException {
        return send(request(path).GET().build());
    }

    Response post(String path, String contentType, byte[] body) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    Response postJson(String path, String json) throws IOException, InterruptedException {
        return post(path, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    /** Posts a body streamed (chunked) from {@code body}, without waiting for the answer. */
    CompletableFuture<Response> postStreaming(String path, String contentType, InputStream body) {
        HttpRequest request = request(path).header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> body)).build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(HttpApi::response);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT);
    }

    private Response send(HttpRequest request) throws IOException, InterruptedException {
        return response(client.send(request, HttpResponse.BodyHandlers.ofString()));
    }

    private static Response response(HttpResponse<String> r) {
        return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
    }

    static String toJson(Object value) {
        return JSON.writeValueAsString(value);
    }

    static byte[] resource(String name) {
        try (InputStream in = HttpApi.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("missing test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read test resource " + name, e);
        }
    }

    /**
     * Asserts an RFC 9457 problem answer: status, {@code application/problem+json}, the
     * {@code urn:lcnn-serve:problem:<kind>} type, a title, the request path as instance and a detail
     * (also as {@code error}, the field KServe V2 clients read); returns the problem.
     */
    static JsonNode assertProblem(Response r, int status, String kind, String path) {
        assertEquals(status, r.status(), () -> "status of " + r.body());
        assertEquals("application/problem+json", r.contentType().split(";")[0].trim(), () -> "content type of " + r.body());
        JsonNode problem = r.json();
        assertEquals(status, problem.get("status").asInt(), problem::toString);
        assertEquals("urn:lcnn-serve:problem:" + kind, problem.get("type").asString(), problem::toString);
        assertFalse(problem.get("title").asString().isBlank(), problem::toString);
        assertEquals(path.split("\\?")[0], problem.get("instance").asString(), problem::toString);
        assertTrue(!problem.get("detail").asString().isBlank(), problem::toString);
        assertEquals(problem.get("detail").asString(), problem.get("error").asString(), problem::toString);
        return problem;
    }
}
