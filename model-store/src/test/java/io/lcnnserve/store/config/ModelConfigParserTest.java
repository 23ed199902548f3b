package io.lcnnserve.store.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelConfigParserTest {
    @TempDir
    Path dir;

    private static ModelConfig yaml(String text) {
        return ModelConfigParser.parse("m/config.yaml", text.getBytes(StandardCharsets.UTF_8), "m");
    }

    private static ModelConfigException yamlError(String text) {
        try {
            yaml(text);
        } catch (ModelConfigException e) {
            return e;
        }
        throw new AssertionError("expected a ModelConfigException for:\n" + text);
    }

    @Test
    void emptyFileGivesTheDefaults() {
        ModelConfig config = yaml("");
        assertThat(config).isEqualTo(ModelConfig.defaults("m"));
        assertThat(config.input().layout()).isEqualTo("NCHW");
        assertThat(config.input().sizeKnown()).isFalse();
        assertThat(config.preprocessing().resizeMode()).isEqualTo(ResizeMode.SHORTER_SIDE_CENTER_CROP);
        assertThat(config.preprocessing().scale()).isEqualTo(1.0 / 255);
        assertThat(config.preprocessing().mean()).containsExactly(0.485, 0.456, 0.406);
        assertThat(config.output().kind()).isEqualTo(OutputKind.LOGITS);
        assertThat(config.versionPolicy()).isEqualTo(new VersionPolicy.Latest(1));
        assertThat(config.batching()).isEqualTo(new BatchingConfig(8, Duration.ofMillis(2), 64));
        assertThat(config.instances()).isEqualTo(1);
        assertThat(config.intraOpThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(config.expectedSha256()).isEmpty();
    }

    @Test
    void everyKeyIsRead() {
        ModelConfig config = yaml("""
            name: m
            input: {name: data, layout: nhwc, width: 160, height: 128}
            preprocessing:
              resizeMode: shorter-side-center-crop
              resizeShorterTo: 182
              interpolation: bicubic
              channelOrder: BGR
              scale: 1
              mean: [103.9, 116.8, 123.7]
              std: 58.4
            output: {name: prob, kind: PROBABILITIES, labelOffset: 1}
            batching: {maxBatchSize: 16, maxQueueDelay: 500us, queueCapacity: 100}
            instances: 3
            intraOpThreads: 2
            versionPolicy: {specific: [3, 1]}
            expectedSha256: {1: "ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef0123456789"}
            """);
        assertThat(config.input()).isEqualTo(new InputConfig("data", "NHWC", 160, 128));
        PreprocessingConfig p = config.preprocessing();
        assertThat(p.resizeMode()).isEqualTo(ResizeMode.SHORTER_SIDE_CENTER_CROP);
        assertThat(p.resizeShorterTo()).isEqualTo(182);
        assertThat(p.interpolation()).isEqualTo(Interpolation.BICUBIC);
        assertThat(p.channelOrder()).isEqualTo(ChannelOrder.BGR);
        assertThat(p.scale()).isEqualTo(1.0);
        assertThat(p.mean()).containsExactly(103.9, 116.8, 123.7);
        assertThat(p.std()).containsExactly(58.4, 58.4, 58.4);
        assertThat(config.output()).isEqualTo(new OutputConfig("prob", OutputKind.PROBABILITIES, 1));
        assertThat(config.batching()).isEqualTo(new BatchingConfig(16, Duration.ofNanos(500_000), 100));
        assertThat(config.instances()).isEqualTo(3);
        assertThat(config.intraOpThreads()).isEqualTo(2);
        assertThat(config.versionPolicy()).isEqualTo(new VersionPolicy.Specific(Set.of(1L, 3L)));
        assertThat(config.expectedSha256())
            .containsEntry(1L, "abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789");
    }

    @Test
    void scaleMayBeWrittenAsAFraction() {
        assertThat(yaml("preprocessing: {scale: \"1/255\"}").preprocessing().scale()).isEqualTo(1.0 / 255);
        assertThat(yaml("preprocessing: {scale: 0.5}").preprocessing().scale()).isEqualTo(0.5);
    }

    @Test
    void knownInputSizeDerivesTheShorterSideLikeImageNetEvaluation() {
        assertThat(yaml("input: {width: 224, height: 224}").preprocessing().resizeShorterTo()).isEqualTo(256);
        assertThat(yaml("input: {width: 160, height: 160}").preprocessing().resizeShorterTo()).isEqualTo(183);
        assertThat(yaml("preprocessing: {resizeMode: DIRECT}\ninput: {width: 224, height: 224}").preprocessing()
            .resizeShorterTo()).isZero();
    }

    @Test
    void versionPolicyForms() {
        assertThat(yaml("versionPolicy: all").versionPolicy()).isEqualTo(new VersionPolicy.All());
        assertThat(yaml("versionPolicy: {all: {}}").versionPolicy()).isEqualTo(new VersionPolicy.All());
        assertThat(yaml("versionPolicy: latest").versionPolicy()).isEqualTo(new VersionPolicy.Latest(1));
        assertThat(yaml("versionPolicy: {latest: 3}").versionPolicy()).isEqualTo(new VersionPolicy.Latest(3));
    }

    @Test
    void durationsAcceptUnitsAndIso8601() {
        assertThat(yaml("batching: {maxQueueDelay: 5ms}").batching().maxQueueDelay()).isEqualTo(Duration.ofMillis(5));
        assertThat(yaml("batching: {maxQueueDelay: 1.5s}").batching().maxQueueDelay()).isEqualTo(Duration.ofMillis(1500));
        assertThat(yaml("batching: {maxQueueDelay: PT0.01S}").batching().maxQueueDelay()).isEqualTo(Duration.ofMillis(10));
        assertThat(yaml("batching: {maxQueueDelay: 0ms}").batching().maxQueueDelay()).isZero();
    }

    @Test
    void unknownTopLevelKeyNamesFileKeyAndAllowedKeys() {
        ModelConfigException e = yamlError("instance: 2");
        assertThat(e.file()).isEqualTo("m/config.yaml");
        assertThat(e.key()).isEqualTo("instance");
        assertThat(e.getMessage()).isEqualTo("m/config.yaml: key 'instance': unknown key; allowed keys: name, input,"
            + " preprocessing, output, batching, instances, intraOpThreads, versionPolicy, expectedSha256");
    }

    @Test
    void unknownNestedKeyIsNamedWithItsPath() {
        ModelConfigException e = yamlError("preprocessing: {resize: DIRECT}");
        assertThat(e.key()).isEqualTo("preprocessing.resize");
        assertThat(e.getMessage()).contains("m/config.yaml").contains("allowed keys in 'preprocessing': resizeMode,"
            + " resizeShorterTo, interpolation, channelOrder, scale, mean, std");
    }

    @Test
    void badEnumValueListsTheAllowedValues() {
        ModelConfigException e = yamlError("preprocessing: {resizeMode: crop}");
        assertThat(e.getMessage()).isEqualTo("m/config.yaml: key 'preprocessing.resizeMode': 'crop' is not allowed;"
            + " allowed values: DIRECT, SHORTER_SIDE_CENTER_CROP");
        assertThat(yamlError("preprocessing: {interpolation: lanczos}").getMessage())
            .contains("allowed values: BILINEAR, NEAREST, BICUBIC");
        assertThat(yamlError("preprocessing: {channelOrder: RGBA}").getMessage()).contains("allowed values: RGB, BGR");
        assertThat(yamlError("output: {kind: softmax}").getMessage()).contains("allowed values: LOGITS, PROBABILITIES");
        assertThat(yamlError("input: {layout: CHW}").getMessage()).contains("'input.layout'")
            .contains("allowed values: NCHW, NHWC");
    }

    @Test
    void outOfRangeAndMistypedNumbersAreRejectedWithTheRange() {
        assertThat(yamlError("instances: 0").getMessage())
            .isEqualTo("m/config.yaml: key 'instances': must be an integer from 1 to 256, found 0");
        assertThat(yamlError("input: {width: \"224\", height: 224}").getMessage())
            .contains("'input.width'").contains("must be an integer from 1 to 8192, found '224'");
        assertThat(yamlError("batching: {maxBatchSize: 2.5}").getMessage()).contains("'batching.maxBatchSize'");
        assertThat(yamlError("batching: {maxBatchSize: 32, queueCapacity: 8}").getMessage())
            .contains("'batching.queueCapacity'").contains("from 32 to");
        assertThat(yamlError("output: {labelOffset: -1}").getMessage()).contains("'output.labelOffset'");
    }

    @Test
    void meanAndStdNeedThreeChannelsAndStdMustBePositive() {
        assertThat(yamlError("preprocessing: {mean: [1, 2]}").getMessage()).contains("'preprocessing.mean'")
            .contains("a list of 3 numbers");
        assertThat(yamlError("preprocessing: {std: [1, 0, 1]}").getMessage()).contains("'preprocessing.std'")
            .contains("positive");
        assertThat(yamlError("preprocessing: {scale: \"1/0\"}").getMessage()).contains("'preprocessing.scale'");
        assertThat(yamlError("preprocessing: {scale: -1}").getMessage()).contains("'preprocessing.scale'");
    }

    @Test
    void widthWithoutHeightIsRejected() {
        ModelConfigException e = yamlError("input: {width: 224}");
        assertThat(e.key()).isEqualTo("input.height");
        assertThat(e.getMessage()).contains("must be given together with input.width");
    }

    @Test
    void shorterSideOnlyAppliesToTheCropModeAndMustCoverTheCrop() {
        assertThat(yamlError("preprocessing: {resizeMode: DIRECT, resizeShorterTo: 256}").getMessage())
            .contains("'preprocessing.resizeShorterTo'").contains("only applies when resizeMode is SHORTER_SIDE_CENTER_CROP");
        assertThat(yamlError("input: {width: 224, height: 224}\npreprocessing: {resizeShorterTo: 200}").getMessage())
            .contains("must be an integer from 224 to");
    }

    @Test
    void badDurationSaysHowToWriteOne() {
        assertThat(yamlError("batching: {maxQueueDelay: 5}").getMessage()).contains("'batching.maxQueueDelay'")
            .contains("\"5ms\"");
        assertThat(yamlError("batching: {maxQueueDelay: 1h}").getMessage()).contains("'batching.maxQueueDelay'");
    }

    @Test
    void badVersionPoliciesAreRejected() {
        assertThat(yamlError("versionPolicy: newest").getMessage()).contains("'versionPolicy'")
            .contains("allowed values: latest, all, {latest: N}, {specific: [versions]}");
        assertThat(yamlError("versionPolicy: {latest: 0}").getMessage()).contains("'versionPolicy.latest'");
        assertThat(yamlError("versionPolicy: {specific: []}").getMessage()).contains("'versionPolicy.specific'");
        assertThat(yamlError("versionPolicy: {latest: 1, all: {}}").getMessage()).contains("exactly one of");
        assertThat(yamlError("versionPolicy: {newest: 1}").getMessage()).contains("'versionPolicy.newest'")
            .contains("unknown key");
    }

    @Test
    void badDigestsAreRejected() {
        assertThat(yamlError("expectedSha256: {1: \"abc\"}").getMessage()).contains("'expectedSha256.1'")
            .contains("64 hex digits");
        assertThat(yamlError("expectedSha256: {one: \"" + "a".repeat(64) + "\"}").getMessage())
            .contains("'expectedSha256.one'").contains("not a version number");
    }

    @Test
    void nameMustMatchTheDirectory() {
        ModelConfigException e = yamlError("name: other");
        assertThat(e.key()).isEqualTo("name");
        assertThat(e.getMessage()).contains("'other' differs from the model's directory name 'm'");
    }

    @Test
    void duplicateKeysAreRejected() {
        assertThat(yamlError("instances: 1\ninstances: 2").getMessage()).contains("m/config.yaml").contains("instances");
    }

    @Test
    void malformedYamlNamesTheFile() {
        assertThat(yamlError("input: [unclosed").getMessage()).startsWith("m/config.yaml: is not valid YAML");
        assertThat(yamlError("- just\n- a list").getMessage()).contains("the top level must be a mapping");
    }

    @Test
    void jsonConfigIsParsedFromItsDirectory() throws IOException {
        Path modelDir = Files.createDirectories(dir.resolve("squeeze"));
        Path file = modelDir.resolve("config.json");
        Files.writeString(file, "{\"input\": {\"width\": 224, \"height\": 224}, \"output\": {\"labelOffset\": 1}}");
        ModelConfig config = ModelConfigParser.parse(file);
        assertThat(config.name()).isEqualTo("squeeze");
        assertThat(config.input().width()).isEqualTo(224);
        assertThat(config.output().labelOffset()).isEqualTo(1);
    }

    @Test
    void malformedJsonNamesTheFile() throws IOException {
        Path modelDir = Files.createDirectories(dir.resolve("j"));
        Path file = modelDir.resolve("config.json");
        Files.writeString(file, "{\"instances\": 2,}");
        assertThatThrownBy(() -> ModelConfigParser.parse(file)).isInstanceOf(ModelConfigException.class)
            .hasMessageStartingWith(file + ": is not valid JSON");
    }
}
