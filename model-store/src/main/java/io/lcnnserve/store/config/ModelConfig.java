package io.lcnnserve.store.config;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything the server needs to know about a model besides its ONNX file: how images are fed to
 * it, how its output is read, how requests are batched, how many sessions run it, which versions
 * serve, and the digests its files must have. Parsed from {@code <model>/config.yaml} or
 * {@code config.json} by {@link ModelConfigParser}; every key has a default.
 *
 * @param expectedSha256 version -> lower-case hex SHA-256 that the version's {@code model.onnx} must
 *                       have (versions not listed are not checked)
 */
public record ModelConfig(String name, InputConfig input, PreprocessingConfig preprocessing, OutputConfig output,
                          BatchingConfig batching, int instances, int intraOpThreads, VersionPolicy versionPolicy,
                          Map<Long, String> expectedSha256) {

    public ModelConfig {
        expectedSha256 = Collections.unmodifiableMap(new TreeMap<>(expectedSha256));
    }

    /** The configuration a model directory without a config file gets. */
    public static ModelConfig defaults(String name) {
        return new ModelConfig(name, InputConfig.defaults(), PreprocessingConfig.defaults(), OutputConfig.defaults(),
            BatchingConfig.defaults(), 1, defaultIntraOpThreads(1), VersionPolicy.defaults(), Map.of());
    }

    /**
     * Threads per inference when the config leaves it open: every CPU the JVM sees (container
     * limits included) shared by the model's sessions, so instances x threads never exceeds them.
     */
    public static int defaultIntraOpThreads(int instances) {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / instances);
    }

    /**
     * This configuration with the input size filled in (from the model's declared shape when the
     * config left it open) and the values that derive from it, such as the default shorter side.
     */
    public ModelConfig withInputSize(int width, int height) {
        PreprocessingConfig p = preprocessing;
        if (p.resizeMode() == ResizeMode.SHORTER_SIDE_CENTER_CROP && p.resizeShorterTo() == 0) {
            p = p.withResizeShorterTo(PreprocessingConfig.defaultShorterSide(width, height));
        }
        return new ModelConfig(name, input.withSize(width, height), p, output, batching, instances, intraOpThreads,
            versionPolicy, expectedSha256);
    }
}
