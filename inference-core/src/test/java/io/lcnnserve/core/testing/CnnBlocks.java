package io.lcnnserve.core.testing;

import java.util.Arrays;

/**
 * Building blocks of lightweight CNNs on top of an {@link OnnxBuilder}, in the form PyTorch/TF exports
 * have them: Conv without bias before a separate BatchNormalization, ReLU6 as Clip with shared
 * initializer bounds, h-swish as {@code Mul(x, HardSigmoid(x))} (opset 13), channel shuffle as
 * Reshape-Transpose-Reshape, Gemm(transB=1) classifiers. Every block tracks the shape of its result
 * ({@link Feature}) and takes its numbers from a {@link Parameters} source.
 *
 * <p>Node names are {@code prefix.part}; a node's output value has the node's name.
 */
public final class CnnBlocks {
    /** ONNX HardSigmoid slope of PyTorch's hardsigmoid/hardswish (x/6 + 1/2). */
    public static final float HARD_SIGMOID_ALPHA = 1f / 6f;

    /** A value in the graph and its shape without the batch dim: {@code [C, H, W]} or {@code [features]}. */
    public record Feature(String value, int... dims) {
        public int channels() {
            return dims[0];
        }

        public int height() {
            return dims[1];
        }

        public int width() {
            return dims[2];
        }

        @Override
        public String toString() {
            return value + Arrays.toString(dims);
        }
    }

    /** Activation functions as they appear in exported graphs. */
    public enum Activation {
        NONE,
        RELU,
        /** {@code Clip(x, 0, 6)} with min/max as shared scalar initializers (opset 11+ form). */
        RELU6,
        /** {@code Mul(x, HardSigmoid(x, alpha=1/6, beta=0.5))}: h-swish as exported at opset 13. */
        HARD_SWISH
    }

    /** A square 2-D convolution: output channels, kernel, stride, group, dilation, pads (t, l, b, r), bias. */
    public record Conv(int outChannels, int kernel, int stride, int group, int dilation, int[] pads, boolean bias) {
        /** Stride 1, no groups, no bias, "same" symmetric padding. */
        public static Conv of(int outChannels, int kernel) {
            return new Conv(outChannels, kernel, 1, 1, 1, null, false);
        }

        public Conv stride(int s) {
            return new Conv(outChannels, kernel, s, group, dilation, pads, bias);
        }

        public Conv group(int g) {
            return new Conv(outChannels, kernel, stride, g, dilation, pads, bias);
        }

        public Conv dilation(int d) {
            return new Conv(outChannels, kernel, stride, group, d, pads, bias);
        }

        /** Explicit pads: top, left, bottom, right. */
        public Conv pads(int... topLeftBottomRight) {
            return new Conv(outChannels, kernel, stride, group, dilation, topLeftBottomRight.clone(), bias);
        }

        public Conv withBias() {
            return new Conv(outChannels, kernel, stride, group, dilation, pads, true);
        }

        /** The explicit pads, or {@code (kernel - 1) / 2 * dilation} on every side. */
        public int[] effectivePads() {
            if (pads != null) {
                return pads;
            }
            int p = (kernel - 1) / 2 * dilation;
            return new int[] {p, p, p, p};
        }
    }

    private final OnnxBuilder graph;
    private final Parameters parameters;

    public CnnBlocks(OnnxBuilder graph, Parameters parameters) {
        this.graph = graph;
        this.parameters = parameters;
    }

    public OnnxBuilder graph() {
        return graph;
    }

    /** A Conv node named {@code name}, with initializers {@code name.weight} (and {@code name.bias}). */
    public Feature conv(String name, Feature x, Conv c) {
        int in = x.channels();
        if (in % c.group() != 0 || c.outChannels() % c.group() != 0) {
            throw new IllegalArgumentException(name + ": " + in + " -> " + c.outChannels() + " channels do not divide into " + c.group() + " groups");
        }
        int k = c.kernel();
        int[] shape = {c.outChannels(), in / c.group(), k, k};
        String weight = graph.initializer(name + ".weight", parameters.weights(name + ".weight", shape, in / c.group() * k * k), shape);
        String bias = c.bias() ? graph.initializer(name + ".bias", new float[c.outChannels()], c.outChannels()) : null;
        int[] pads = c.effectivePads();
        OnnxBuilder.NodeBuilder node = graph.node("Conv").name(name);
        node.inputs(bias == null ? new String[] {x.value(), weight} : new String[] {x.value(), weight, bias});
        if (c.dilation() != 1) {
            node.ints("dilations", c.dilation(), c.dilation());
        }
        if (c.group() != 1) {
            node.attr("group", c.group());
        }
        String y = node.ints("kernel_shape", k, k).ints("pads", pads).ints("strides", c.stride(), c.stride()).add();
        if (bias != null) {
            graph.replaceInitializer(bias, parameters.bias(bias, y, weight, c.outChannels()));
        }
        int extent = c.dilation() * (k - 1) + 1;
        return new Feature(y, c.outChannels(),
            (x.height() + pads[0] + pads[2] - extent) / c.stride() + 1,
            (x.width() + pads[1] + pads[3] - extent) / c.stride() + 1);
    }

    /**
     * A ConvTranspose node with bias: weights {@code [C, outChannels, k, k]}, output size
     * {@code stride * (in - 1) + outputPadding + k - 2 * pad}.
     */
    public Feature convTranspose(String name, Feature x, int outChannels, int kernel, int stride, int pad, int outputPadding) {
        int[] shape = {x.channels(), outChannels, kernel, kernel};
        // Each output sums over C channels times the kernel taps that hit it: about C * k² / stride².
        int fanIn = Math.max(1, x.channels() * kernel * kernel / (stride * stride));
        String weight = graph.initializer(name + ".weight", parameters.weights(name + ".weight", shape, fanIn), shape);
        String bias = graph.initializer(name + ".bias", new float[outChannels], outChannels);
        String y = graph.node("ConvTranspose").name(name).inputs(x.value(), weight, bias)
            .ints("kernel_shape", kernel, kernel).ints("output_padding", outputPadding, outputPadding)
            .ints("pads", pad, pad, pad, pad).ints("strides", stride, stride).add();
        graph.replaceInitializer(bias, parameters.bias(bias, y, weight, outChannels));
        return new Feature(y, outChannels,
            stride * (x.height() - 1) + outputPadding + kernel - 2 * pad,
            stride * (x.width() - 1) + outputPadding + kernel - 2 * pad);
    }

    /** A BatchNormalization node with initializers {@code name.weight/.bias/.running_mean/.running_var}. */
    public Feature batchNorm(String name, Feature x, float epsilon) {
        int c = x.channels();
        Parameters.BatchNorm bn = parameters.batchNorm(name, x.value(), c);
        String y = graph.node("BatchNormalization").name(name).inputs(x.value(),
                graph.initializer(name + ".weight", bn.scale(), c),
                graph.initializer(name + ".bias", bn.bias(), c),
                graph.initializer(name + ".running_mean", bn.mean(), c),
                graph.initializer(name + ".running_var", bn.variance(), c))
            .attr("epsilon", epsilon).add();
        return new Feature(y, x.dims());
    }

    /** The activation as its exported node(s); {@code NONE} returns {@code x} unchanged. */
    public Feature activation(String name, Feature x, Activation activation) {
        String y = switch (activation) {
            case NONE -> x.value();
            case RELU -> graph.node("Relu").name(name).inputs(x.value()).add();
            case RELU6 -> graph.node("Clip").name(name)
                .inputs(x.value(), graph.scalar("const.zero", 0f), graph.scalar("const.six", 6f)).add();
            case HARD_SWISH -> graph.node("Mul").name(name).inputs(x.value(), hardSigmoid(name + ".hsigmoid", x).value()).add();
        };
        return new Feature(y, x.dims());
    }

    /** {@code HardSigmoid(x, alpha=1/6, beta=0.5)}, PyTorch's hardsigmoid. */
    public Feature hardSigmoid(String name, Feature x) {
        return new Feature(graph.node("HardSigmoid").name(name).inputs(x.value())
            .attr("alpha", HARD_SIGMOID_ALPHA).attr("beta", 0.5f).add(), x.dims());
    }

    /** Conv (no bias) → BatchNormalization → activation, named {@code prefix.conv/.bn/.act}. */
    public Feature convBnAct(String prefix, Feature x, Conv c, float epsilon, Activation activation) {
        Feature y = batchNorm(prefix + ".bn", conv(prefix + ".conv", x, c), epsilon);
        return activation(prefix + ".act", y, activation);
    }

    /**
     * MobileNet V1 block: 3x3 depthwise conv-BN-act ({@code prefix_depthwise}) then 1x1 pointwise
     * conv-BN-act ({@code prefix_pointwise}); {@code depthwisePads} as top, left, bottom, right.
     */
    public Feature depthwiseSeparable(String prefix, Feature x, int outChannels, int stride, int[] depthwisePads,
                                      float epsilon, Activation activation) {
        int c = x.channels();
        Feature dw = convBnAct(prefix + "_depthwise", x, Conv.of(c, 3).stride(stride).group(c).pads(depthwisePads), epsilon, activation);
        return convBnAct(prefix + "_pointwise", dw, Conv.of(outChannels, 1), epsilon, activation);
    }

    /**
     * MobileNet V2 inverted residual: 1x1 expansion (skipped for ratio 1) + ReLU6, 3x3 depthwise + ReLU6,
     * linear 1x1 projection, and {@code Add(x, block)} when stride is 1 and channels are unchanged.
     */
    public Feature invertedResidual(String prefix, Feature x, int outChannels, int stride, int expandRatio, float epsilon) {
        int hidden = x.channels() * expandRatio;
        Feature h = x;
        if (expandRatio != 1) {
            h = convBnAct(prefix + ".expand", h, Conv.of(hidden, 1), epsilon, Activation.RELU6);
        }
        h = convBnAct(prefix + ".depthwise", h, Conv.of(hidden, 3).stride(stride).group(hidden), epsilon, Activation.RELU6);
        h = convBnAct(prefix + ".project", h, Conv.of(outChannels, 1), epsilon, Activation.NONE);
        return stride == 1 && x.channels() == outChannels ? add(prefix + ".add", x, h) : h;
    }

    /**
     * Squeeze-and-excitation as in MobileNet V3: GlobalAveragePool → 1x1 conv (bias) → ReLU → 1x1 conv
     * (bias) → HardSigmoid(1/6, 0.5) → Mul with the input.
     */
    public Feature squeezeExcite(String prefix, Feature x, int squeezeChannels) {
        Feature s = globalAveragePool(prefix + ".avgpool", x);
        s = activation(prefix + ".activation", conv(prefix + ".fc1", s, Conv.of(squeezeChannels, 1).withBias()), Activation.RELU);
        s = conv(prefix + ".fc2", s, Conv.of(x.channels(), 1).withBias());
        return mul(prefix + ".scale", x, hardSigmoid(prefix + ".scale_activation", s));
    }

    /**
     * MobileNet V3 bottleneck: 1x1 expansion (skipped when {@code expanded} equals the input channels),
     * k x k depthwise, optional squeeze-excite with {@code makeDivisible(expanded / 4)} channels,
     * linear 1x1 projection, and {@code Add(block, x)} when stride is 1 and channels are unchanged.
     */
    public Feature mobileNetV3Block(String prefix, Feature x, int kernel, int expanded, int outChannels, boolean squeezeExcite,
                                    Activation activation, int stride, float epsilon) {
        Feature h = x;
        if (expanded != x.channels()) {
            h = convBnAct(prefix + ".expand", h, Conv.of(expanded, 1), epsilon, activation);
        }
        h = convBnAct(prefix + ".depthwise", h, Conv.of(expanded, kernel).stride(stride).group(expanded), epsilon, activation);
        if (squeezeExcite) {
            h = squeezeExcite(prefix + ".se", h, makeDivisible(expanded / 4, 8));
        }
        h = convBnAct(prefix + ".project", h, Conv.of(outChannels, 1), epsilon, Activation.NONE);
        return stride == 1 && x.channels() == outChannels ? add(prefix + ".add", h, x) : h;
    }

    /** torchvision's {@code _make_divisible}: round to a multiple of {@code divisor}, never down by more than 10%. */
    public static int makeDivisible(int value, int divisor) {
        int rounded = Math.max(divisor, (value + divisor / 2) / divisor * divisor);
        return rounded < 0.9 * value ? rounded + divisor : rounded;
    }

    /** SqueezeNet fire module: 1x1 squeeze + ReLU, then 1x1 and 3x3 expand + ReLU, Concat. All convs have biases. */
    public Feature fire(String prefix, Feature x, int squeeze, int expand1x1, int expand3x3) {
        Feature s = activation(prefix + ".squeeze_activation",
            conv(prefix + ".squeeze", x, Conv.of(squeeze, 1).withBias()), Activation.RELU);
        Feature a = activation(prefix + ".expand1x1_activation",
            conv(prefix + ".expand1x1", s, Conv.of(expand1x1, 1).withBias()), Activation.RELU);
        Feature b = activation(prefix + ".expand3x3_activation",
            conv(prefix + ".expand3x3", s, Conv.of(expand3x3, 3).withBias()), Activation.RELU);
        return concat(prefix + ".cat", a, b);
    }

    /**
     * Channel shuffle as exported: {@code Reshape [0, g, C/g, H, W]} → {@code Transpose [0, 2, 1, 3, 4]}
     * → {@code Reshape [0, -1, H, W]}, with the shapes as int64 initializers.
     */
    public Feature channelShuffle(String prefix, Feature x, int groups) {
        int c = x.channels();
        if (c % groups != 0) {
            throw new IllegalArgumentException(prefix + ": " + c + " channels do not shuffle in " + groups + " groups");
        }
        String shape1 = graph.int64s(prefix + ".shape1", 0, groups, c / groups, x.height(), x.width());
        String grouped = graph.node("Reshape").name(prefix + ".reshape1").inputs(x.value(), shape1).add();
        String swapped = graph.node("Transpose").name(prefix + ".transpose").inputs(grouped).ints("perm", 0, 2, 1, 3, 4).add();
        String shape2 = graph.int64s(prefix + ".shape2", 0, -1, x.height(), x.width());
        return new Feature(graph.node("Reshape").name(prefix + ".reshape2").inputs(swapped, shape2).add(), x.dims());
    }

    /** Split along channels with the sizes as an int64 input (opset 13 form); outputs {@code name.out0, name.out1, ...}. */
    public Feature[] split(String name, Feature x, int... sizes) {
        if (Arrays.stream(sizes).sum() != x.channels()) {
            throw new IllegalArgumentException(name + ": split sizes " + Arrays.toString(sizes) + " do not add up to " + x.channels());
        }
        String[] outputs = new String[sizes.length];
        Feature[] parts = new Feature[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            outputs[i] = name + ".out" + i;
            parts[i] = new Feature(outputs[i], sizes[i], x.height(), x.width());
        }
        String sizesInit = graph.int64s(name + ".sizes", Arrays.stream(sizes).asLongStream().toArray());
        graph.node("Split").name(name).inputs(x.value(), sizesInit).outputs(outputs).attr("axis", 1).add();
        return parts;
    }

    /**
     * ShuffleNet V2 unit (torchvision layout). Stride 1: Split the channels in halves, transform the
     * second half (1x1-BN-ReLU, 3x3 depthwise-BN, 1x1-BN-ReLU), Concat. Stride 2: both branches see
     * the whole input; branch 1 is 3x3 depthwise-BN, 1x1-BN-ReLU. Then a 2-group channel shuffle.
     */
    public Feature shuffleUnit(String prefix, Feature x, int outChannels, int stride, float epsilon) {
        int half = outChannels / 2;
        Feature left;
        Feature right;
        if (stride == 1) {
            if (x.channels() != outChannels) {
                throw new IllegalArgumentException(prefix + ": a stride-1 unit keeps its " + x.channels() + " channels, asked for " + outChannels);
            }
            Feature[] halves = split(prefix + ".split", x, half, half);
            left = halves[0];
            right = shuffleBranch(prefix + ".branch2", halves[1], half, 1, epsilon);
        } else {
            int c = x.channels();
            Feature dw = convBnAct(prefix + ".branch1.depthwise", x, Conv.of(c, 3).stride(stride).group(c), epsilon, Activation.NONE);
            left = convBnAct(prefix + ".branch1.pointwise", dw, Conv.of(half, 1), epsilon, Activation.RELU);
            right = shuffleBranch(prefix + ".branch2", x, half, stride, epsilon);
        }
        return channelShuffle(prefix + ".shuffle", concat(prefix + ".cat", left, right), 2);
    }

    private Feature shuffleBranch(String prefix, Feature x, int channels, int stride, float epsilon) {
        Feature h = convBnAct(prefix + ".pointwise1", x, Conv.of(channels, 1), epsilon, Activation.RELU);
        h = convBnAct(prefix + ".depthwise", h, Conv.of(channels, 3).stride(stride).group(channels), epsilon, Activation.NONE);
        return convBnAct(prefix + ".pointwise2", h, Conv.of(channels, 1), epsilon, Activation.RELU);
    }

    /** Concat along channels. */
    public Feature concat(String name, Feature... parts) {
        int channels = 0;
        for (Feature p : parts) {
            channels += p.channels();
        }
        String y = graph.node("Concat").name(name).inputs(Arrays.stream(parts).map(Feature::value).toArray(String[]::new))
            .attr("axis", 1).add();
        int[] dims = parts[0].dims().clone();
        dims[0] = channels;
        return new Feature(y, dims);
    }

    public Feature add(String name, Feature a, Feature b) {
        return new Feature(graph.node("Add").name(name).inputs(a.value(), b.value()).add(), a.dims());
    }

    /** Element-wise Mul; {@code b} may broadcast ({@code [C,1,1]} gates). The result has {@code a}'s shape. */
    public Feature mul(String name, Feature a, Feature b) {
        return new Feature(graph.node("Mul").name(name).inputs(a.value(), b.value()).add(), a.dims());
    }

    /** MaxPool with explicit pads (t, l, b, r); {@code ceil_mode} is written only when set. */
    public Feature maxPool(String name, Feature x, int kernel, int stride, int[] pads, boolean ceilMode) {
        OnnxBuilder.NodeBuilder node = graph.node("MaxPool").name(name).inputs(x.value());
        if (ceilMode) {
            node.attr("ceil_mode", 1);
        }
        String y = node.ints("kernel_shape", kernel, kernel).ints("pads", pads).ints("strides", stride, stride).add();
        return new Feature(y, x.channels(),
            poolOutput(x.height(), kernel, stride, pads[0], pads[2], ceilMode),
            poolOutput(x.width(), kernel, stride, pads[1], pads[3], ceilMode));
    }

    /** AveragePool without padding (kernel_shape and strides only). */
    public Feature averagePool(String name, Feature x, int kernel, int stride) {
        String y = graph.node("AveragePool").name(name).inputs(x.value())
            .ints("kernel_shape", kernel, kernel).ints("strides", stride, stride).add();
        return new Feature(y, x.channels(),
            poolOutput(x.height(), kernel, stride, 0, 0, false), poolOutput(x.width(), kernel, stride, 0, 0, false));
    }

    /** Output size of a pooling window, with ONNX's rule that a ceil-mode window must start inside the input. */
    public static int poolOutput(int size, int kernel, int stride, int padBegin, int padEnd, boolean ceilMode) {
        int span = size + padBegin + padEnd - kernel;
        int out = (ceilMode ? Math.ceilDiv(span, stride) : Math.floorDiv(span, stride)) + 1;
        if (ceilMode && (out - 1) * stride >= size + padBegin) {
            out--;
        }
        return out;
    }

    public Feature globalAveragePool(String name, Feature x) {
        return new Feature(graph.node("GlobalAveragePool").name(name).inputs(x.value()).add(), x.channels(), 1, 1);
    }

    /** Flatten(axis=1) to {@code [N, C*H*W]}. */
    public Feature flatten(String name, Feature x) {
        int n = Arrays.stream(x.dims()).reduce(1, Math::multiplyExact);
        return new Feature(graph.node("Flatten").name(name).inputs(x.value()).attr("axis", 1).add(), n);
    }

    /** Dropout with its ratio as a scalar initializer {@code name.ratio} (identity in inference). */
    public Feature dropout(String name, Feature x, float ratio) {
        return new Feature(graph.node("Dropout").name(name).inputs(x.value(), graph.scalar(name + ".ratio", ratio)).add(), x.dims());
    }

    /** A linear layer {@code Gemm(x, W[out, in], b, transB=1)} on a {@code [N, in]} value. */
    public Feature gemm(String name, Feature x, int outFeatures) {
        if (x.dims().length != 1) {
            throw new IllegalArgumentException(name + ": Gemm needs a flat [N, features] input, got " + x);
        }
        int in = x.channels();
        int[] shape = {outFeatures, in};
        String weight = graph.initializer(name + ".weight", parameters.weights(name + ".weight", shape, in), shape);
        String bias = graph.initializer(name + ".bias", new float[outFeatures], outFeatures);
        String y = graph.node("Gemm").name(name).inputs(x.value(), weight, bias).attr("transB", 1).add();
        graph.replaceInitializer(bias, parameters.bias(bias, y, weight, outFeatures));
        return new Feature(y, outFeatures);
    }
}
