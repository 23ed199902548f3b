package io.lcnnserve.core.runtime;

import io.lcnnserve.core.ModelLoadException;
import io.lcnnserve.core.onnx.LoadLimits;
import io.lcnnserve.core.onnx.OnnxImporter;
import io.lcnnserve.core.ops.OpRegistry;
import java.nio.file.Path;

/**
 * Entry point: loads ONNX models.
 *
 * <pre>{@code
 * Model model = OnnxModels.load(Path.of("mobilenet_v2/1/model.onnx"));
 * try (Session session = model.newSession()) {
 *     Map<String, Tensor> out = session.run(Map.of("input", image));
 * }
 * }</pre>
 *
 * Loading imports the graph, decodes the weights, binds every operator and plans the model once,
 * so a model that loads can run; anything unsupported or malformed is a {@link ModelLoadException}.
 */
public final class OnnxModels {
    private OnnxModels() {
    }

    public static Model load(Path file) {
        return load(file, LoadLimits.defaults());
    }

    public static Model load(Path file, LoadLimits limits) {
        return load(file, file.getFileName().toString().replaceFirst("\\.onnx$", ""), limits);
    }

    /** Loads a file under the given model name (used in messages and metrics). */
    public static Model load(Path file, String name, LoadLimits limits) {
        return new Model(name, new OnnxImporter(OpRegistry.standard(), limits).importFile(file));
    }

    public static Model load(byte[] bytes, String name) {
        return load(bytes, name, LoadLimits.defaults());
    }

    public static Model load(byte[] bytes, String name, LoadLimits limits) {
        return new Model(name, new OnnxImporter(OpRegistry.standard(), limits).importBytes(bytes, name));
    }
}
