package io.lcnnserve.core.testing;

import io.lcnnserve.core.onnx.LoadLimits;
import io.lcnnserve.core.runtime.Model;
import io.lcnnserve.core.runtime.OnnxModels;
import java.nio.file.Files;
import java.nio.file.Path;

/** The real-weight models bundled in the repository under {@code <repo>/models/<name>/<version>/model.onnx}. */
public final class BundledModels {
    private BundledModels() {
    }

    /**
     * The repository root: the nearest directory, from the working directory upwards, that holds
     * {@code models/} next to a {@code pom.xml} (surefire runs in the module directory, a child of it).
     */
    public static Path repositoryRoot() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("models")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no directory with models/ and pom.xml at or above " + start);
    }

    /** {@code <repo>/models/<name>/1/model.onnx}; throws if it does not exist. */
    public static Path modelFile(String name) {
        Path file = repositoryRoot().resolve("models").resolve(name).resolve("1").resolve("model.onnx");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("bundled model " + name + " not found at " + file);
        }
        return file;
    }

    /** Loads {@code <repo>/models/<name>/1/model.onnx} under its model name. */
    public static Model load(String name) {
        return OnnxModels.load(modelFile(name), name, LoadLimits.defaults());
    }
}
