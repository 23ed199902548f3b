package io.lcnnserve.benchmarks;

import io.lcnnserve.core.testing.SyntheticModels;
import io.lcnnserve.core.testing.SyntheticModels.Architecture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The models of the benchmark matrix and where their ONNX files are. Real models come from the
 * repository's model store ({@code <repo>/models/<name>/1/model.onnx}); the architectures without
 * bundled weights are rebuilt with seeded random weights by {@link SyntheticModels} and written to a
 * directory once per run, so that every forked benchmark JVM loads the same bytes without
 * rebuilding them. Both locations reach the forks as system properties.
 */
final class BenchmarkModels {
    /** Root of the model store holding the real models. */
    static final String MODEL_STORE_PROPERTY = "lcnn.benchmarks.modelStore";
    /** Directory holding {@code <name>.onnx} for every synthetic architecture. */
    static final String SYNTHETIC_DIR_PROPERTY = "lcnn.benchmarks.syntheticModels";

    static final List<String> REAL = List.of("mobilenet_v2_1.0_224", "mobilenet_v3_small_1.0_224", "squeezenet1_1");
    static final List<Architecture> SYNTHETIC = List.of(Architecture.MOBILENET_V1, Architecture.MOBILENET_V3_LARGE,
        Architecture.SQUEEZENET1_0, Architecture.SHUFFLENET_V2_X1_0);

    private BenchmarkModels() {
    }

    /** Every model of the matrix, real ones first, by the name the results use. */
    static List<String> names() {
        return Stream.concat(REAL.stream(), SYNTHETIC.stream().map(Architecture::modelName)).toList();
    }

    /** The ONNX file of a model of the matrix, as seen from a forked benchmark JVM. */
    static Path path(String name) {
        if (REAL.contains(name)) {
            return Path.of(requiredProperty(MODEL_STORE_PROPERTY)).resolve(name).resolve("1").resolve("model.onnx");
        }
        if (SYNTHETIC.stream().anyMatch(a -> a.modelName().equals(name))) {
            return Path.of(requiredProperty(SYNTHETIC_DIR_PROPERTY)).resolve(name + ".onnx");
        }
        throw new IllegalArgumentException("no benchmark model '" + name + "'; the models are " + names());
    }

    /** Builds the synthetic architectures among {@code names} into {@code directory} as {@code <name>.onnx}. */
    static void writeSynthetic(Path directory, List<String> names) {
        try {
            Files.createDirectories(directory);
            for (Architecture architecture : SYNTHETIC) {
                if (names.contains(architecture.modelName())) {
                    Files.write(directory.resolve(architecture.modelName() + ".onnx"), SyntheticModels.build(architecture).bytes());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the synthetic benchmark models to " + directory, e);
        }
    }

    private static String requiredProperty(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new IllegalStateException("system property " + name + " is not set; run the benchmarks with benchmarks/run.sh");
        }
        return value;
    }
}
