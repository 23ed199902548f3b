package io.lcnnserve.core.testing;

import io.lcnnserve.core.onnx.proto.OnnxProto.ModelProto;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import io.lcnnserve.core.testing.CnnBlocks.Activation;
import io.lcnnserve.core.testing.CnnBlocks.Conv;
import io.lcnnserve.core.testing.CnnBlocks.Feature;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.zip.CRC32;

/**
 * The lightweight-CNN architectures of the engine's acceptance suite, rebuilt in test code with
 * seeded random weights instead of stored model files. Each follows the graph conventions of
 * {@code shared/models/synthetic} (node types and counts, parameters and MACs, op patterns; see
 * {@code /synthetic/manifest.json} in the test resources): SqueezeNet 1.0/1.1, MobileNet V1/V2/V3
 * small/large, ShuffleNet V2 x1.0 and the operator zoo. The weights differ from those files (they
 * come from {@link CalibratedParameters}); the outputs are deterministic, never meaningful labels.
 *
 * <p>Building calibrates the weights by running each graph in ONNX Runtime on a few image-like
 * inputs while it is built (a few CPU seconds for the large ones), so ONNX Runtime must be on the
 * test classpath; {@link #get} keeps every built model for the rest of the JVM.
 */
public final class SyntheticModels {
    /** The architectures; {@link #modelName()} matches the manifest's keys. */
    public enum Architecture {
        SQUEEZENET1_0("squeezenet1_0", 8),
        SQUEEZENET1_1("squeezenet1_1", 11),
        MOBILENET_V1("mobilenet_v1", 2),
        MOBILENET_V2("mobilenet_v2", 3),
        MOBILENET_V3_SMALL("mobilenet_v3_small", 4),
        MOBILENET_V3_LARGE("mobilenet_v3_large", 1),
        SHUFFLENET_V2_X1_0("shufflenet_v2_x1_0", 4),
        OPS_ZOO("ops_zoo", 13);

        private final String modelName;
        /**
         * Seed offset of the sample input, picked so that in each of its first 4 images the top-6
         * outputs are at least 1e-3 x max|output| apart, and (ops_zoo) every 2x2 MaxPool window has a
         * maximum at least 1e-4 above the runner-up, so no near tie makes the result ambiguous
         * (checked by SyntheticModelsTest).
         */
        private final int sampleSeedOffset;

        Architecture(String modelName, int sampleSeedOffset) {
            this.modelName = modelName;
            this.sampleSeedOffset = sampleSeedOffset;
        }

        public String modelName() {
            return modelName;
        }

        /** Seeds derive from the name, so adding an architecture never changes another one. */
        long seed() {
            CRC32 crc = new CRC32();
            crc.update(modelName.getBytes(StandardCharsets.UTF_8));
            return crc.getValue();
        }
    }

    /** A built model: its ONNX bytes and its single image input / single output. */
    public record SyntheticModel(Architecture architecture, byte[] bytes, String inputName, String outputName, int[] imageShape) {
        public String name() {
            return architecture.modelName();
        }

        public ModelProto proto() {
            try {
                return ModelProto.parseFrom(bytes);
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                throw new IllegalStateException("built model " + name() + " does not parse", e);
            }
        }

        /** The suite's seeded image-like input of {@code batch} images (image i is the same for every batch size). */
        public Tensor sampleInput(int batch) {
            return input(architecture.seed() + architecture.sampleSeedOffset, batch);
        }

        /** Image-like input of {@code batch} images from {@code seed}. */
        public Tensor input(long seed, int batch) {
            return SyntheticImages.batch(seed, batch, imageShape[0], imageShape[1], imageShape[2]);
        }
    }

    private static final int CALIBRATION_BATCH = 4;
    private static final Map<Architecture, SyntheticModel> BUILT = new ConcurrentHashMap<>();

    private SyntheticModels() {
    }

    /** The model, built at most once per JVM (calibration takes a few seconds for the big ones). */
    public static SyntheticModel get(Architecture architecture) {
        return BUILT.computeIfAbsent(architecture, SyntheticModels::build);
    }

    /** Builds the model afresh; the bytes are the same every time. */
    public static SyntheticModel build(Architecture architecture) {
        return switch (architecture) {
            case SQUEEZENET1_0 -> imageNet(architecture, "SqueezeNet 1.0 (Iandola et al. 2016), torchvision layout", 13,
                blocks -> squeezeNet(blocks, true));
            case SQUEEZENET1_1 -> imageNet(architecture, "SqueezeNet 1.1, torchvision layout", 13,
                blocks -> squeezeNet(blocks, false));
            case MOBILENET_V1 -> imageNet(architecture, "MobileNet V1 1.0/224, TF-slim layout", 13, SyntheticModels::mobileNetV1);
            case MOBILENET_V2 -> imageNet(architecture, "MobileNet V2 1.0/224, torchvision layout", 13, SyntheticModels::mobileNetV2);
            case MOBILENET_V3_SMALL -> imageNet(architecture, "MobileNet V3 Small 1.0/224, torchvision layout", 13,
                blocks -> mobileNetV3(blocks, V3_SMALL, 576, 1024));
            case MOBILENET_V3_LARGE -> imageNet(architecture, "MobileNet V3 Large 1.0/224, torchvision layout", 13,
                blocks -> mobileNetV3(blocks, V3_LARGE, 960, 1280));
            case SHUFFLENET_V2_X1_0 -> imageNet(architecture, "ShuffleNet V2 x1.0, torchvision layout", 13, SyntheticModels::shuffleNetV2);
            case OPS_ZOO -> opsZoo(architecture);
        };
    }

    private static SyntheticModel imageNet(Architecture architecture, String description, int opset, Consumer<CnnBlocks> body) {
        return assemble(architecture, description, opset, new int[] {3, 224, 224}, "logits", 1000, body);
    }

    private static SyntheticModel assemble(Architecture architecture, String description, int opset, int[] imageShape,
                                           String outputName, int outputs, Consumer<CnnBlocks> body) {
        OnnxBuilder graph = OnnxBuilder.graph(architecture.modelName()).opset(opset)
            .doc(description + ". Seeded random weights (not trained), rebuilt by lcnn-serve's SyntheticModels.")
            .metadata("weights", "random (seeded), not trained");
        graph.input("input", DataType.FLOAT, "N", imageShape[0], imageShape[1], imageShape[2]);
        Tensor calibration = SyntheticImages.batch(architecture.seed() - 1, CALIBRATION_BATCH, imageShape[0], imageShape[1], imageShape[2]);
        CnnBlocks blocks = new CnnBlocks(graph, new CalibratedParameters(graph, architecture.seed(), Map.of("input", calibration)));
        body.accept(blocks);
        String last = graph.nodes().getLast().getOutput(0);
        graph.renameValue(last, outputName);
        graph.output(outputName, DataType.FLOAT, "N", outputs);
        return new SyntheticModel(architecture, graph.toBytes(), "input", outputName, imageShape);
    }

    private static final Feature IMAGE = new Feature("input", 3, 224, 224);

    /** SqueezeNet 1.0 (7x7/2 stem, 96 filters) or 1.1 (3x3/2 stem, 64 filters, pools moved earlier); 8 fire modules. */
    private static void squeezeNet(CnnBlocks b, boolean version10) {
        int[] noPads = {0, 0, 0, 0};
        Feature x = b.conv("features.0", IMAGE, Conv.of(version10 ? 96 : 64, version10 ? 7 : 3).stride(2).pads(noPads).withBias());
        x = b.activation("features.1", x, Activation.RELU);
        x = b.maxPool("features.2", x, 3, 2, noPads, true);
        // {squeeze, expand} per fire module; -1 marks a ceil-mode MaxPool 3x3/2.
        int[][] layers = version10
            ? new int[][] {{16, 64}, {16, 64}, {32, 128}, {-1}, {32, 128}, {48, 192}, {48, 192}, {64, 256}, {-1}, {64, 256}}
            : new int[][] {{16, 64}, {16, 64}, {-1}, {32, 128}, {32, 128}, {-1}, {48, 192}, {48, 192}, {64, 256}, {64, 256}};
        int index = 3;
        for (int[] layer : layers) {
            String name = "features." + index++;
            x = layer[0] < 0 ? b.maxPool(name, x, 3, 2, noPads, true) : b.fire(name, x, layer[0], layer[1], layer[1]);
        }
        x = b.dropout("classifier.0", x, 0.5f);
        x = b.activation("classifier.2", b.conv("classifier.1", x, Conv.of(1000, 1).withBias()), Activation.RELU);
        b.flatten("flatten", b.globalAveragePool("classifier.3", x));
    }

    /** MobileNet V1 1.0/224 (TF-slim): TF 'SAME' padding, i.e. pads [0, 0, 1, 1] on every stride-2 conv. */
    private static void mobileNetV1(CnnBlocks b) {
        float eps = 1e-3f;
        int[] sameStride2 = {0, 0, 1, 1};
        Feature x = b.convBnAct("Conv2d_0", IMAGE, Conv.of(32, 3).stride(2).pads(sameStride2), eps, Activation.RELU6);
        int[][] layers = {{64, 1}, {128, 2}, {128, 1}, {256, 2}, {256, 1}, {512, 2},
            {512, 1}, {512, 1}, {512, 1}, {512, 1}, {512, 1}, {1024, 2}, {1024, 1}};
        for (int i = 0; i < layers.length; i++) {
            int stride = layers[i][1];
            x = b.depthwiseSeparable("Conv2d_" + (i + 1), x, layers[i][0], stride,
                stride == 2 ? sameStride2 : new int[] {1, 1, 1, 1}, eps, Activation.RELU6);
        }
        x = b.averagePool("AvgPool_1a", x, 7, 1);
        x = b.dropout("Dropout_1b", x, 0.001f);
        x = b.conv("Conv2d_1c_1x1", x, Conv.of(1000, 1).withBias());
        OnnxBuilder g = b.graph();
        g.node("Reshape").name("Reshape").inputs(x.value(), g.int64s("Reshape.shape", -1, 1000)).add();
    }

    /** MobileNet V2 1.0/224 (torchvision): 17 inverted residuals, BN eps 1e-5, ReLU6 as Clip. */
    private static void mobileNetV2(CnnBlocks b) {
        float eps = 1e-5f;
        Feature x = b.convBnAct("features.0", IMAGE, Conv.of(32, 3).stride(2), eps, Activation.RELU6);
        // expansion t, channels c, repeats n, first stride s
        int[][] settings = {{1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2}, {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1}};
        int index = 1;
        for (int[] s : settings) {
            for (int i = 0; i < s[2]; i++) {
                x = b.invertedResidual("features." + index++, x, s[1], i == 0 ? s[3] : 1, s[0], eps);
            }
        }
        x = b.convBnAct("features." + index, x, Conv.of(1280, 1), eps, Activation.RELU6);
        x = b.flatten("flatten", b.globalAveragePool("avgpool", x));
        b.gemm("classifier.1", b.dropout("classifier.0", x, 0.2f), 1000);
    }

    /** MobileNet V3 bneck settings (torchvision): kernel, expanded, out, SE, h-swish, stride. */
    private record Bneck(int kernel, int expanded, int out, boolean se, boolean hardSwish, int stride) {
    }

    private static final Bneck[] V3_SMALL = {
        new Bneck(3, 16, 16, true, false, 2), new Bneck(3, 72, 24, false, false, 2), new Bneck(3, 88, 24, false, false, 1),
        new Bneck(5, 96, 40, true, true, 2), new Bneck(5, 240, 40, true, true, 1), new Bneck(5, 240, 40, true, true, 1),
        new Bneck(5, 120, 48, true, true, 1), new Bneck(5, 144, 48, true, true, 1), new Bneck(5, 288, 96, true, true, 2),
        new Bneck(5, 576, 96, true, true, 1), new Bneck(5, 576, 96, true, true, 1)};

    private static final Bneck[] V3_LARGE = {
        new Bneck(3, 16, 16, false, false, 1), new Bneck(3, 64, 24, false, false, 2), new Bneck(3, 72, 24, false, false, 1),
        new Bneck(5, 72, 40, true, false, 2), new Bneck(5, 120, 40, true, false, 1), new Bneck(5, 120, 40, true, false, 1),
        new Bneck(3, 240, 80, false, true, 2), new Bneck(3, 200, 80, false, true, 1), new Bneck(3, 184, 80, false, true, 1),
        new Bneck(3, 184, 80, false, true, 1), new Bneck(3, 480, 112, true, true, 1), new Bneck(3, 672, 112, true, true, 1),
        new Bneck(5, 672, 160, true, true, 2), new Bneck(5, 960, 160, true, true, 1), new Bneck(5, 960, 160, true, true, 1)};

    /** MobileNet V3 (torchvision): h-swish stem, bnecks, 1x1 conv, GAP, Gemm → h-swish → Dropout → Gemm. */
    private static void mobileNetV3(CnnBlocks b, Bneck[] bnecks, int lastConv, int hidden) {
        float eps = 1e-3f;
        Feature x = b.convBnAct("features.0", IMAGE, Conv.of(16, 3).stride(2), eps, Activation.HARD_SWISH);
        int index = 1;
        for (Bneck n : bnecks) {
            x = b.mobileNetV3Block("features." + index++, x, n.kernel(), n.expanded(), n.out(), n.se(),
                n.hardSwish() ? Activation.HARD_SWISH : Activation.RELU, n.stride(), eps);
        }
        x = b.convBnAct("features." + index, x, Conv.of(lastConv, 1), eps, Activation.HARD_SWISH);
        x = b.flatten("flatten", b.globalAveragePool("avgpool", x));
        x = b.activation("classifier.1", b.gemm("classifier.0", x, hidden), Activation.HARD_SWISH);
        b.gemm("classifier.3", b.dropout("classifier.2", x, 0.2f), 1000);
    }

    /** ShuffleNet V2 x1.0 (torchvision): stem + MaxPool, stages of 4/8/4 units (116/232/464 channels), 1x1 conv, GAP, Gemm. */
    private static void shuffleNetV2(CnnBlocks b) {
        float eps = 1e-5f;
        Feature x = b.convBnAct("conv1", IMAGE, Conv.of(24, 3).stride(2), eps, Activation.RELU);
        x = b.maxPool("maxpool", x, 3, 2, new int[] {1, 1, 1, 1}, false);
        int[] repeats = {4, 8, 4};
        int[] channels = {116, 232, 464};
        for (int s = 0; s < repeats.length; s++) {
            for (int i = 0; i < repeats[s]; i++) {
                x = b.shuffleUnit("stage" + (s + 2) + "." + i, x, channels[s], i == 0 ? 2 : 1, eps);
            }
        }
        x = b.convBnAct("conv5", x, Conv.of(1024, 1), eps, Activation.RELU);
        b.gemm("fc", b.flatten("flatten", b.globalAveragePool("mean", x)), 1000);
    }

    /**
     * One small graph (opset 14, input [N, 8, 32, 32]) chaining the operators the CNNs above do not
     * use, in the order of the manifest's ops_zoo: dilated/grouped/depthwise convs, LeakyRelu, Clip,
     * ConvTranspose, MaxPool with Indices into MaxUnpool, AveragePool with and without counting pads,
     * Sigmoid/HardSigmoid/HardSwish/swish, residual Add, channel shuffle, Slice (one ending at
     * INT64_MAX) rotating the channel halves, and a Softmax classifier.
     */
    private static SyntheticModel opsZoo(Architecture architecture) {
        return assemble(architecture, "operator zoo: one small graph chaining the remaining operators", 14,
            new int[] {8, 32, 32}, "output", 10, SyntheticModels::opsZooBody);
    }

    private static void opsZooBody(CnnBlocks b) {
        OnnxBuilder g = b.graph();
        Feature x = b.conv("dilated_conv", new Feature("input", 8, 32, 32), Conv.of(16, 3).dilation(2).withBias());
        x = b.batchNorm("bn", x, 1e-5f);
        x = new Feature(g.node("LeakyRelu").name("leaky_relu").inputs(x.value()).attr("alpha", 0.1f).add(), x.dims());
        Feature grouped = b.conv("grouped_conv", x, Conv.of(32, 3).group(4).withBias());
        x = b.conv("depthwise_conv", grouped, Conv.of(32, 3).stride(2).group(32).withBias());
        x = b.activation("relu6", x, Activation.RELU6);
        Feature upsampled = b.convTranspose("conv_transpose", x, 16, 3, 2, 1, 1);
        g.node("MaxPool").name("maxpool").inputs(upsampled.value()).outputs("maxpool", "maxpool.indices")
            .ints("kernel_shape", 2, 2).ints("strides", 2, 2).add();
        String unpooled = g.node("MaxUnpool").name("maxunpool").inputs("maxpool", "maxpool.indices")
            .ints("kernel_shape", 2, 2).ints("strides", 2, 2).add();
        String excludingPads = g.node("AveragePool").name("avgpool_excl_pad").inputs(unpooled).attr("count_include_pad", 0)
            .ints("kernel_shape", 3, 3).ints("pads", 1, 1, 1, 1).ints("strides", 1, 1).add();
        String includingPads = g.node("AveragePool").name("avgpool_incl_pad").inputs(upsampled.value()).attr("count_include_pad", 1)
            .ints("kernel_shape", 3, 3).ints("pads", 1, 1, 1, 1).ints("strides", 1, 1).add();
        String sigmoid = g.node("Sigmoid").name("sigmoid").inputs(includingPads).add();
        String hardSigmoid = g.node("HardSigmoid").name("hard_sigmoid").inputs(excludingPads).add();
        String hardSwish = g.node("HardSwish").name("hard_swish").inputs(includingPads).add();
        String swishGate = g.node("Sigmoid").name("swish.sigmoid").inputs(excludingPads).add();
        String swish = g.node("Mul").name("swish").inputs(excludingPads, swishGate).add();
        int[] dims = upsampled.dims();
        Feature mixed = b.concat("concat", new Feature(sigmoid, dims), new Feature(hardSigmoid, dims),
            new Feature(hardSwish, dims), new Feature(swish, dims));
        x = b.add("residual_add", b.conv("project", mixed, Conv.of(32, 1).withBias()), grouped);
        x = b.channelShuffle("shuffle", x, 4);
        String axes = g.int64s("slice.axes", 1);
        String low = g.node("Slice").name("slice_lo")
            .inputs(x.value(), g.int64s("slice_lo.starts", 0), g.int64s("slice_lo.ends", 16), axes).add();
        String high = g.node("Slice").name("slice_hi")
            .inputs(x.value(), g.int64s("slice_hi.starts", 16), g.int64s("slice_hi.ends", Long.MAX_VALUE), axes).add();
        x = b.concat("concat_halves", new Feature(high, 16, 32, 32), new Feature(low, 16, 32, 32));
        x = b.flatten("flatten", b.globalAveragePool("global_avgpool", x));
        x = b.gemm("fc", b.dropout("dropout", x, 0.5f), 10);
        g.node("Softmax").name("softmax").inputs(x.value()).attr("axis", 1).add();
    }
}
