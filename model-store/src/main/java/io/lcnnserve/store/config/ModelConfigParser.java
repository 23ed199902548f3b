package io.lcnnserve.store.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads {@code config.yaml} or {@code config.json} into a {@link ModelConfig}. Every key is
 * optional (see {@link ModelConfig#defaults}); unknown keys, wrong types and out-of-range values
 * are a {@link ModelConfigException} naming the file, the key and the allowed values.
 *
 * <pre>{@code
 * name: mobilenet_v2_1.0_224        # optional; must equal the model's directory name
 * input: {name: input, layout: NCHW, width: 224, height: 224}
 * preprocessing:
 *   resizeMode: DIRECT              # or SHORTER_SIDE_CENTER_CROP
 *   resizeShorterTo: 256            # shorter-side mode only
 *   interpolation: BILINEAR         # NEAREST, BICUBIC
 *   channelOrder: RGB               # BGR
 *   scale: 1                        # or "1/255"
 *   mean: [128, 128, 128]
 *   std: [128, 128, 128]
 * output: {name: logits, kind: LOGITS, labelOffset: 0}
 * batching: {maxBatchSize: 8, maxQueueDelay: 2ms, queueCapacity: 64}
 * instances: 1
 * intraOpThreads: 1
 * versionPolicy: {latest: 1}        # {specific: [1, 3]}, all
 * expectedSha256: {1: "ce6a7478..."}
 * }</pre>
 */
public final class ModelConfigParser {
    public static final List<String> FILE_NAMES = List.of("config.yaml", "config.yml", "config.json");

    private static final List<String> TOP_KEYS = List.of("name", "input", "preprocessing", "output", "batching",
        "instances", "intraOpThreads", "versionPolicy", "expectedSha256");
    private static final List<String> INPUT_KEYS = List.of("name", "layout", "width", "height");
    private static final List<String> PREPROCESSING_KEYS = List.of("resizeMode", "resizeShorterTo", "interpolation",
        "channelOrder", "scale", "mean", "std");
    private static final List<String> OUTPUT_KEYS = List.of("name", "kind", "labelOffset");
    private static final List<String> BATCHING_KEYS = List.of("maxBatchSize", "maxQueueDelay", "queueCapacity");
    private static final List<String> POLICY_KEYS = List.of("latest", "specific", "all");
    private static final int MAX_IMAGE_SIDE = 8192;

    private ModelConfigParser() {
    }

    /** Parses a config file; the model's name is the name of the directory holding it. */
    public static ModelConfig parse(Path file) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ModelConfigException(file.toString(), "cannot read the config file: " + e.getMessage(), e);
        }
        Path dir = file.toAbsolutePath().getParent();
        return parse(file.toString(), content, dir == null || dir.getFileName() == null ? "" : dir.getFileName().toString());
    }

    /**
     * Parses config content.
     *
     * @param file      the file's name as shown in messages; its extension selects JSON or YAML
     * @param modelName the model (directory) name; a {@code name} key must equal it
     */
    public static ModelConfig parse(String file, byte[] content, String modelName) {
        ObjectMapper mapper = file.toLowerCase(Locale.ROOT).endsWith(".json")
            ? JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build()
            : YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
        JsonNode tree;
        try {
            tree = mapper.readTree(content);
        } catch (JacksonException e) {
            throw new ModelConfigException(file, "is not valid " + (mapper instanceof JsonMapper ? "JSON" : "YAML") + ": "
                + e.getOriginalMessage(), e);
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            return ModelConfig.defaults(modelName);
        }
        return read(ConfigSection.root(file, tree, TOP_KEYS), modelName);
    }

    private static ModelConfig read(ConfigSection top, String modelName) {
        String name = top.string("name", modelName);
        if (!name.equals(modelName)) {
            throw top.error("name", "'" + name + "' differs from the model's directory name '" + modelName
                + "'; leave it out or make them equal");
        }
        InputConfig input = readInput(top.section("input", INPUT_KEYS));
        PreprocessingConfig preprocessing = readPreprocessing(top.section("preprocessing", PREPROCESSING_KEYS), input);
        OutputConfig output = readOutput(top.section("output", OUTPUT_KEYS));
        BatchingConfig batching = readBatching(top.section("batching", BATCHING_KEYS));
        int instances = top.integer("instances", 1, 1, 256);
        int intraOpThreads = top.integer("intraOpThreads", ModelConfig.defaultIntraOpThreads(instances), 1, 1024);
        VersionPolicy policy = readPolicy(top);
        Map<Long, String> sha = readDigests(top);
        ModelConfig config = new ModelConfig(name, input, preprocessing, output, batching, instances, intraOpThreads, policy,
            sha);
        return input.sizeKnown() ? config.withInputSize(input.width(), input.height()) : config;
    }

    private static InputConfig readInput(ConfigSection s) {
        String name = s.string("name", null);
        String layout = s.string("layout", InputConfig.NCHW).toUpperCase(Locale.ROOT);
        if (!layout.equals(InputConfig.NCHW) && !layout.equals(InputConfig.NHWC)) {
            throw s.error("layout", "'" + layout + "' is not allowed; allowed values: NCHW, NHWC");
        }
        int width = s.integer("width", 0, 1, MAX_IMAGE_SIDE);
        int height = s.integer("height", 0, 1, MAX_IMAGE_SIDE);
        if (s.has("width") != s.has("height")) {
            throw s.error(s.has("width") ? "height" : "width", "must be given together with input."
                + (s.has("width") ? "width" : "height") + " (or leave both out to take them from the model)");
        }
        return new InputConfig(name, layout, width, height);
    }

    private static PreprocessingConfig readPreprocessing(ConfigSection s, InputConfig input) {
        PreprocessingConfig d = PreprocessingConfig.defaults();
        ResizeMode mode = s.choice("resizeMode", ResizeMode.class, d.resizeMode());
        int shorter = 0;
        if (s.has("resizeShorterTo")) {
            if (mode != ResizeMode.SHORTER_SIDE_CENTER_CROP) {
                throw s.error("resizeShorterTo", "only applies when resizeMode is SHORTER_SIDE_CENTER_CROP (it is " + mode
                    + ")");
            }
            int min = Math.max(1, Math.max(input.width(), input.height()));
            shorter = s.integer("resizeShorterTo", 0, min, MAX_IMAGE_SIDE * 2);
        }
        return new PreprocessingConfig(mode, shorter, s.choice("interpolation", Interpolation.class, d.interpolation()),
            s.choice("channelOrder", ChannelOrder.class, d.channelOrder()), s.positiveNumber("scale", d.scale()),
            s.channelValues("mean", d.mean(), false), s.channelValues("std", d.std(), true));
    }

    private static OutputConfig readOutput(ConfigSection s) {
        return new OutputConfig(s.string("name", null), s.choice("kind", OutputKind.class, OutputKind.LOGITS),
            s.integer("labelOffset", 0, 0, 1_000_000));
    }

    private static BatchingConfig readBatching(ConfigSection s) {
        BatchingConfig d = BatchingConfig.defaults();
        int maxBatch = s.integer("maxBatchSize", d.maxBatchSize(), 1, 1024);
        Duration delay = s.duration("maxQueueDelay", d.maxQueueDelay(), Duration.ofSeconds(10));
        int capacity = s.integer("queueCapacity", Math.max(d.queueCapacity(), maxBatch), maxBatch, 1_000_000);
        return new BatchingConfig(maxBatch, delay, capacity);
    }

    private static VersionPolicy readPolicy(ConfigSection top) {
        String allowed = "allowed values: latest, all, {latest: N}, {specific: [versions]}, {all: {}}";
        if (!top.has("versionPolicy")) {
            return VersionPolicy.defaults();
        }
        JsonNode v = top.value("versionPolicy").orElseThrow();
        if (v.isString()) {
            return switch (v.stringValue().trim().toLowerCase(Locale.ROOT)) {
                case "latest" -> new VersionPolicy.Latest(1);
                case "all" -> new VersionPolicy.All();
                default -> throw top.error("versionPolicy", ConfigSection.describe(v) + " is not allowed; " + allowed);
            };
        }
        if (!v.isObject()) {
            throw top.error("versionPolicy", ConfigSection.describe(v) + " is not allowed; " + allowed);
        }
        ConfigSection s = top.section("versionPolicy", POLICY_KEYS);
        List<String> keys = s.keys();
        if (keys.size() != 1) {
            throw top.error("versionPolicy", "must hold exactly one of latest, specific, all; found " + keys);
        }
        return switch (keys.getFirst()) {
            case "latest" -> new VersionPolicy.Latest(s.integer("latest", 1, 1, 1000));
            case "all" -> {
                JsonNode all = s.value("all").orElse(null);
                if (all != null && !(all.isObject() && all.isEmpty()) && !(all.isBoolean() && all.booleanValue())) {
                    throw s.error("all", "takes no value; write versionPolicy: all");
                }
                yield new VersionPolicy.All();
            }
            default -> {
                JsonNode list = s.value("specific").orElse(null);
                if (list == null || !list.isArray() || list.isEmpty()) {
                    throw s.error("specific", "must be a non-empty list of version numbers, found "
                        + (list == null ? "nothing" : ConfigSection.describe(list)));
                }
                Set<Long> versions = new HashSet<>();
                for (JsonNode item : list) {
                    versions.add((long) s.integerValue("specific", item, 1, Integer.MAX_VALUE));
                }
                yield new VersionPolicy.Specific(versions);
            }
        };
    }

    private static Map<Long, String> readDigests(ConfigSection top) {
        Map<Long, String> digests = new TreeMap<>();
        if (!top.has("expectedSha256")) {
            return digests;
        }
        JsonNode v = top.value("expectedSha256").orElseThrow();
        if (!v.isObject()) {
            throw top.error("expectedSha256", "must be a mapping of version number to SHA-256 hex digest, found "
                + ConfigSection.describe(v));
        }
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            String key = "expectedSha256." + e.getKey();
            long version;
            try {
                version = Long.parseLong(e.getKey());
            } catch (NumberFormatException ex) {
                version = -1;
            }
            if (version < 1) {
                throw top.error(key, "'" + e.getKey() + "' is not a version number (a positive integer)");
            }
            JsonNode digest = e.getValue();
            if (!digest.isString() || !digest.stringValue().matches("[0-9a-fA-F]{64}")) {
                throw top.error(key, "must be a SHA-256 digest of 64 hex digits in quotes, found "
                    + ConfigSection.describe(digest));
            }
            digests.put(version, digest.stringValue().toLowerCase(Locale.ROOT));
        }
        return digests;
    }
}
