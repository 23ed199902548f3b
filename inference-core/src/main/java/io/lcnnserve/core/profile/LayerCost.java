package io.lcnnserve.core.profile;

import io.lcnnserve.core.ops.TensorInfo;
import io.lcnnserve.core.plan.ExecutionPlan;
import io.lcnnserve.core.plan.Step;
import java.util.ArrayList;
import java.util.List;

/**
 * The static cost of one plan step: shapes, parameters, multiply-accumulates and bytes moved.
 * Parameters follow the published convention (conv/linear weights and biases, BatchNorm scale and
 * bias; BatchNorm running statistics are buffers, not parameters). MACs count Conv,
 * ConvTranspose, DeformConv, Gemm and MatMul, and the optimizer's FusedConv and FusedGemm (which
 * keep Conv's and Gemm's inputs); other ops are reported with 0 MACs.
 */
public record LayerCost(int index, String name, String opType, List<String> sourceNodes, List<int[]> inputShapes,
                        List<int[]> outputShapes, long params, long macs, long bytesRead, long bytesWritten) {

    /** The cost of every step of {@code plan}, in execution order. */
    public static List<LayerCost> of(ExecutionPlan plan) {
        List<LayerCost> costs = new ArrayList<>();
        List<Step> steps = plan.steps();
        for (int i = 0; i < steps.size(); i++) {
            costs.add(of(i, plan, steps.get(i)));
        }
        return costs;
    }

    static LayerCost of(int index, ExecutionPlan plan, Step step) {
        List<TensorInfo> in = new ArrayList<>();
        for (int slot : step.inputSlots()) {
            in.add(slot < 0 ? null : plan.slotInfo(slot));
        }
        List<TensorInfo> out = new ArrayList<>();
        for (int slot : step.outputSlots()) {
            out.add(slot < 0 ? null : plan.slotInfo(slot));
        }
        String op = step.node().opType();
        return new LayerCost(index, step.node().name(), op, step.node().sourceNodes(), shapes(in), shapes(out),
            params(op, in), macs(op, in, out), bytes(in), bytes(out));
    }

    private static List<int[]> shapes(List<TensorInfo> infos) {
        return infos.stream().map(t -> t == null ? new int[0] : t.shape()).toList();
    }

    private static long bytes(List<TensorInfo> infos) {
        long total = 0;
        for (TensorInfo t : infos) {
            if (t != null) {
                total += elements(t) * t.type().byteSize();
            }
        }
        return total;
    }

    private static long params(String op, List<TensorInfo> in) {
        return switch (op) {
            case "Conv", "FusedConv", "ConvTranspose", "Gemm", "FusedGemm", "PRelu" -> constantElements(in, 1, in.size());
            case "DeformConv" -> constantElements(in, 1, 2) + constantElements(in, 3, 4);
            case "MatMul" -> constantElements(in, 0, in.size());
            case "BatchNormalization" -> constantElements(in, 1, 3);
            default -> 0;
        };
    }

    private static long constantElements(List<TensorInfo> in, int from, int to) {
        long n = 0;
        for (int i = from; i < Math.min(to, in.size()); i++) {
            if (in.get(i) != null && in.get(i).isConstant()) {
                n += elements(in.get(i));
            }
        }
        return n;
    }

    private static long macs(String op, List<TensorInfo> in, List<TensorInfo> out) {
        if (out.isEmpty() || out.get(0) == null) {
            return 0;
        }
        long outElements = elements(out.get(0));
        return switch (op) {
            // Each output element of a (deformable) convolution sums over C/group x kernel taps: W is [M, C/g, k...].
            case "Conv", "FusedConv", "DeformConv" -> outElements * elements(in.get(1)) / in.get(1).dim(0);
            // Each input element of a transposed convolution scatters into M/g x kernel taps: W is [C, M/g, k...].
            case "ConvTranspose" -> elements(in.get(0)) * elements(in.get(1)) / in.get(1).dim(0);
            // Gemm's A is [M,K] or [K,M] (transA); the output is [M,N].
            case "Gemm", "FusedGemm" -> outElements * (elements(in.get(0)) / out.get(0).dim(0));
            case "MatMul" -> outElements * in.get(0).dim(-1);
            default -> 0;
        };
    }

    static long elements(TensorInfo t) {
        long n = 1;
        for (int d : t.shape()) {
            n *= d;
        }
        return n;
    }
}
