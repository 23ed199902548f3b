package io.lcnnserve.core.testing;

import io.lcnnserve.core.onnx.proto.OnnxProto.AttributeProto;
import io.lcnnserve.core.onnx.proto.OnnxProto.ModelProto;
import io.lcnnserve.core.onnx.proto.OnnxProto.NodeProto;
import io.lcnnserve.core.onnx.proto.OnnxProto.TensorProto;
import io.lcnnserve.core.onnx.proto.OnnxProto.ValueInfoProto;
import io.lcnnserve.core.tensor.Shapes;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Static size figures of a CNN graph, counted the way the synthetic models' manifest does:
 * <ul>
 *   <li>params: Conv/ConvTranspose/Gemm weights and biases plus BatchNormalization scale and bias;
 *   <li>bnBuffers: BatchNormalization running mean and variance;
 *   <li>MACs (multiply-accumulates) of Conv, ConvTranspose and Gemm at the given input shape;
 *   <li>node count and per-op-type counts.
 * </ul>
 * Shapes are propagated statically for the operator family of lightweight CNNs (convs, pools,
 * activations, element-wise ops, Concat/Split/Slice, Reshape/Transpose/Flatten, Gemm, Softmax).
 */
public record ModelStats(long params, long bnBuffers, long macs, Map<String, Long> macsPerOp, int nodes, Map<String, Integer> opCounts) {

    /** The figures of {@code model} with every graph input fixed to the given shape (batch included). */
    public static ModelStats of(ModelProto model, Map<String, int[]> inputShapes) {
        Map<String, TensorProto> initializers = new HashMap<>();
        model.getGraph().getInitializerList().forEach(t -> initializers.put(t.getName(), t));
        Map<String, int[]> shapes = new HashMap<>();
        initializers.forEach((name, t) -> shapes.put(name, t.getDimsList().stream().mapToInt(Long::intValue).toArray()));
        for (ValueInfoProto in : model.getGraph().getInputList()) {
            if (!initializers.containsKey(in.getName())) {
                int[] shape = inputShapes.get(in.getName());
                if (shape == null) {
                    throw new IllegalArgumentException("no shape given for graph input '" + in.getName() + "'");
                }
                shapes.put(in.getName(), shape);
            }
        }
        long params = 0;
        long bnBuffers = 0;
        Map<String, Long> macsPerOp = new LinkedHashMap<>();
        Map<String, Integer> opCounts = new LinkedHashMap<>();
        Set<String> counted = new HashSet<>();
        for (NodeProto node : model.getGraph().getNodeList()) {
            opCounts.merge(node.getOpType(), 1, Integer::sum);
            int[][] in = node.getInputList().stream().map(n -> n.isEmpty() ? null : shapes.get(n)).toArray(int[][]::new);
            int[][] out;
            try {
                out = new ShapeRule(node, in, initializers).outputs();
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("cannot infer the shapes of node '" + node.getName() + "' (" + node.getOpType() + ") from inputs "
                    + Arrays.deepToString(in) + ": " + e.getMessage(), e);
            }
            for (int i = 0; i < out.length && i < node.getOutputCount(); i++) {
                shapes.put(node.getOutput(i), out[i]);
            }
            switch (node.getOpType()) {
                case "Conv", "ConvTranspose", "Gemm" -> {
                    params += initializerSize(node, 1, initializers, counted) + initializerSize(node, 2, initializers, counted);
                    long macs = switch (node.getOpType()) {
                        case "Conv" -> (long) Shapes.elementCount(out[0]) * Shapes.elementCount(in[1]) / in[1][0];
                        case "ConvTranspose" -> (long) Shapes.elementCount(in[0]) * Shapes.elementCount(in[1]) / in[1][0];
                        default -> (long) Shapes.elementCount(out[0]) * in[0][attrInt(node, "transA", 0) == 1 ? 0 : 1];
                    };
                    macsPerOp.merge(node.getOpType(), macs, Long::sum);
                }
                case "BatchNormalization" -> {
                    params += initializerSize(node, 1, initializers, counted) + initializerSize(node, 2, initializers, counted);
                    bnBuffers += initializerSize(node, 3, initializers, counted) + initializerSize(node, 4, initializers, counted);
                }
                default -> { }
            }
        }
        long macs = macsPerOp.values().stream().mapToLong(Long::longValue).sum();
        return new ModelStats(params, bnBuffers, macs, macsPerOp, model.getGraph().getNodeCount(), opCounts);
    }

    private static long initializerSize(NodeProto node, int input, Map<String, TensorProto> initializers, Set<String> counted) {
        if (node.getInputCount() <= input || node.getInput(input).isEmpty()) {
            return 0;
        }
        TensorProto t = initializers.get(node.getInput(input));
        if (t == null || !counted.add(t.getName())) {
            return 0;
        }
        return t.getDimsList().stream().mapToLong(Long::longValue).reduce(1, Math::multiplyExact);
    }

    private static long attrInt(NodeProto node, String name, long fallback) {
        return node.getAttributeList().stream().filter(a -> a.getName().equals(name)).mapToLong(AttributeProto::getI).findFirst().orElse(fallback);
    }

    private static int[] attrInts(NodeProto node, String name, int[] fallback) {
        for (AttributeProto a : node.getAttributeList()) {
            if (a.getName().equals(name)) {
                return a.getIntsList().stream().mapToInt(Long::intValue).toArray();
            }
        }
        return fallback;
    }

    /** Output shapes of one node from its input shapes (and constant inputs). */
    private record ShapeRule(NodeProto node, int[][] in, Map<String, TensorProto> initializers) {
        int[][] outputs() {
            int[] x = in[0];
            return switch (node.getOpType()) {
                case "Relu", "Clip", "Sigmoid", "HardSigmoid", "HardSwish", "LeakyRelu", "BatchNormalization", "Dropout",
                     "Softmax", "Identity", "Tanh" -> new int[][] {x};
                case "Add", "Mul", "Sub", "Div" -> new int[][] {Shapes.broadcast(x, in[1])};
                case "Conv" -> new int[][] {window(x, in[1][0], spatial(in[1]), false)};
                case "ConvTranspose" -> new int[][] {convTranspose(x)};
                case "MaxPool" -> {
                    int[] y = window(x, x[1], attrInts(node, "kernel_shape", null), attrInt(node, "ceil_mode", 0) == 1);
                    yield new int[][] {y, y};
                }
                case "AveragePool" -> new int[][] {window(x, x[1], attrInts(node, "kernel_shape", null), attrInt(node, "ceil_mode", 0) == 1)};
                case "MaxUnpool" -> new int[][] {maxUnpool(x)};
                case "GlobalAveragePool", "GlobalMaxPool" -> new int[][] {{x[0], x[1], 1, 1}};
                case "Flatten" -> {
                    int axis = Shapes.normalizeAxis(attrInt(node, "axis", 1), x.length + 1);
                    int outer = Shapes.elementCount(Arrays.copyOfRange(x, 0, axis));
                    yield new int[][] {{outer, Shapes.elementCount(x) / outer}};
                }
                case "Gemm" -> new int[][] {{x[attrInt(node, "transA", 0) == 1 ? 1 : 0], in[1][attrInt(node, "transB", 0) == 1 ? 0 : 1]}};
                case "Concat" -> new int[][] {concat()};
                case "Split" -> split(x);
                case "Reshape" -> new int[][] {reshape(x, constant(1))};
                case "Transpose" -> {
                    int[] perm = attrInts(node, "perm", null);
                    int[] y = new int[x.length];
                    for (int i = 0; i < y.length; i++) {
                        y[i] = x[perm == null ? x.length - 1 - i : perm[i]];
                    }
                    yield new int[][] {y};
                }
                case "Slice" -> new int[][] {slice(x)};
                default -> throw new IllegalArgumentException("no shape rule for " + node.getOpType());
            };
        }

        private static int[] spatial(int[] weight) {
            return Arrays.copyOfRange(weight, 2, weight.length);
        }

        /** Conv/pool output: floor (or ceil) of (in + pads - dilated kernel) / stride + 1 per spatial axis. */
        private int[] window(int[] x, int channels, int[] kernel, boolean ceil) {
            int n = kernel.length;
            int[] strides = attrInts(node, "strides", filled(n, 1));
            int[] dilations = attrInts(node, "dilations", filled(n, 1));
            int[] pads = attrInts(node, "pads", filled(2 * n, 0));
            int[] y = new int[2 + n];
            y[0] = x[0];
            y[1] = channels;
            for (int i = 0; i < n; i++) {
                int span = x[2 + i] + pads[i] + pads[n + i] - (dilations[i] * (kernel[i] - 1) + 1);
                int out = (ceil ? Math.ceilDiv(span, strides[i]) : Math.floorDiv(span, strides[i])) + 1;
                // A ceil-mode window must start inside the input or its left padding.
                y[2 + i] = ceil && (out - 1) * strides[i] >= x[2 + i] + pads[i] ? out - 1 : out;
            }
            return y;
        }

        private int[] convTranspose(int[] x) {
            int[] w = in[1];
            int n = w.length - 2;
            int[] strides = attrInts(node, "strides", filled(n, 1));
            int[] dilations = attrInts(node, "dilations", filled(n, 1));
            int[] pads = attrInts(node, "pads", filled(2 * n, 0));
            int[] outputPadding = attrInts(node, "output_padding", filled(n, 0));
            int[] y = new int[2 + n];
            y[0] = x[0];
            y[1] = w[1] * (int) attrInt(node, "group", 1);
            for (int i = 0; i < n; i++) {
                y[2 + i] = strides[i] * (x[2 + i] - 1) + outputPadding[i] + dilations[i] * (w[2 + i] - 1) + 1 - pads[i] - pads[n + i];
            }
            return y;
        }

        private int[] maxUnpool(int[] x) {
            int[] kernel = attrInts(node, "kernel_shape", null);
            int n = kernel.length;
            int[] strides = attrInts(node, "strides", filled(n, 1));
            int[] pads = attrInts(node, "pads", filled(2 * n, 0));
            int[] y = x.clone();
            for (int i = 0; i < n; i++) {
                y[2 + i] = (x[2 + i] - 1) * strides[i] + kernel[i] - pads[i] - pads[n + i];
            }
            return y;
        }

        private int[] concat() {
            int axis = Shapes.normalizeAxis(attrInt(node, "axis", 0), in[0].length);
            int[] y = in[0].clone();
            for (int i = 1; i < in.length; i++) {
                y[axis] += in[i][axis];
            }
            return y;
        }

        private int[][] split(int[] x) {
            int axis = Shapes.normalizeAxis(attrInt(node, "axis", 0), x.length);
            long[] sizes = in.length > 1 && in[1] != null ? constant(1) : attrInts(node, "split", null) == null ? null
                : Arrays.stream(attrInts(node, "split", null)).asLongStream().toArray();
            int parts = node.getOutputCount();
            int[][] out = new int[parts][];
            for (int i = 0; i < parts; i++) {
                out[i] = x.clone();
                out[i][axis] = sizes == null ? x[axis] / parts : (int) sizes[i];
            }
            return out;
        }

        private static int[] reshape(int[] x, long[] target) {
            int[] y = new int[target.length];
            int inferred = -1;
            long known = 1;
            for (int i = 0; i < y.length; i++) {
                if (target[i] == -1) {
                    inferred = i;
                    continue;
                }
                y[i] = target[i] == 0 ? x[i] : (int) target[i];
                known *= y[i];
            }
            if (inferred >= 0) {
                y[inferred] = (int) (Shapes.elementCount(x) / known);
            }
            return y;
        }

        private int[] slice(int[] x) {
            long[] starts = constant(1);
            long[] ends = constant(2);
            long[] axes = in.length > 3 && in[3] != null ? constant(3) : null;
            long[] steps = in.length > 4 && in[4] != null ? constant(4) : null;
            int[] y = x.clone();
            for (int i = 0; i < starts.length; i++) {
                int axis = Shapes.normalizeAxis(axes == null ? i : axes[i], x.length);
                long step = steps == null ? 1 : steps[i];
                if (step != 1) {
                    throw new IllegalArgumentException("only step 1 is supported, got " + step);
                }
                long start = clampIndex(starts[i], x[axis]);
                long end = clampIndex(ends[i], x[axis]);
                y[axis] = (int) Math.max(0, end - start);
            }
            return y;
        }

        private static long clampIndex(long index, int size) {
            long i = index < 0 ? index + size : index;
            return Math.max(0, Math.min(size, i));
        }

        private long[] constant(int input) {
            TensorProto t = initializers.get(node.getInput(input));
            if (t == null) {
                throw new IllegalArgumentException("input " + input + " ('" + node.getInput(input) + "') must be an initializer");
            }
            return OnnxBuilder.int64s(t);
        }

        private static int[] filled(int n, int value) {
            int[] a = new int[n];
            Arrays.fill(a, value);
            return a;
        }
    }
}
