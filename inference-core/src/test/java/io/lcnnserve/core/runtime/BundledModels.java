package io.lcnnserve.core.runtime;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the real-weight models bundled in the repository's default model store ({@code <repo>/models}). */
final class BundledModels {
    private BundledModels() {
    }

    static Path path(String name) {
        for (Path root = Path.of("").toAbsolutePath(); root != null; root = root.getParent()) {
            Path candidate = root.resolve("models").resolve(name).resolve("1").resolve("model.onnx");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("bundled model " + name + " not found above " + Path.of("").toAbsolutePath());
    }

    static Model load(String name) {
        return OnnxModels.load(path(name), name, io.lcnnserve.core.onnx.LoadLimits.defaults());
    }
}
