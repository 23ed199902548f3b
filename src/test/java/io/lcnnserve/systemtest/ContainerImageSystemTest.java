package io.lcnnserve.systemtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The repository's {@code Dockerfile}, built and run: the container reports ready and serves the
 * bundled store like the jar does ({@link ServingChecks}). Skipped where no Docker engine is reachable.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerImageSystemTest {
    private static final int PORT = 8080;
    /** {@code RUN --mount=...} needs BuildKit, which the Docker Engine API that Testcontainers builds with lacks. */
    private static final Pattern BUILDKIT_MOUNTS = Pattern.compile("(?m)^(RUN\\s+)(--mount=\\S+\\s+)+");

    @Container
    private static final GenericContainer<?> SERVER = new GenericContainer<>(image())
        .withExposedPorts(PORT)
        .waitingFor(Wait.forHttp("/v2/health/ready").forPort(PORT).forStatusCode(200)
            .withStartupTimeout(ServerProcess.STARTUP_TIMEOUT));

    @Test
    void containerServesTheBundledModelsAndClassifiesTheCat() throws Exception {
        HttpApi api = new HttpApi(URI.create("http://" + SERVER.getHost() + ":" + SERVER.getMappedPort(PORT)));
        ServingChecks.assertServesAllBundledModels(api);
        ServingChecks.assertClassifiesCatAsEgyptianCat(api);
    }

    /**
     * The image of the repository's Dockerfile, with its build context limited to what the
     * Dockerfile copies (sources, poms and models; no build outputs). The only change to the
     * Dockerfile is dropping BuildKit cache mounts: they speed up rebuilds and change no file of the image.
     */
    private static ImageFromDockerfile image() {
        Path root = ServerProcess.repositoryRoot();
        String legacyDockerfile = BUILDKIT_MOUNTS.matcher(readDockerfile(root)).replaceAll("$1");
        // Kept after the run (one image of this name), so a rebuild reuses the cached layers of the Maven build.
        ImageFromDockerfile image = new ImageFromDockerfile("lcnn-serve-system-test", false)
            .withFileFromString("Dockerfile", legacyDockerfile)
            .withFileFromPath("pom.xml", root.resolve("pom.xml"))
            .withFileFromPath("models", root.resolve("models"));
        for (String module : List.of("inference-core", "model-store", "service", "benchmarks", "src/test")) {
            image.withFileFromPath(module + "/pom.xml", root.resolve(module).resolve("pom.xml"));
        }
        for (String module : List.of("inference-core", "model-store", "service")) {
            image.withFileFromPath(module + "/src", root.resolve(module).resolve("src"));
        }
        return image;
    }

    private static String readDockerfile(Path root) {
        try {
            return Files.readString(root.resolve("Dockerfile"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the repository's Dockerfile", e);
        }
    }
}
