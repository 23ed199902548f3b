package io.lcnnserve.core.plan;

import io.lcnnserve.core.graph.Graph;
import io.lcnnserve.core.graph.Node;
import io.lcnnserve.core.graph.ValueSpec;
import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.ops.TensorInfo;
import io.lcnnserve.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A graph scheduled for one set of concrete input shapes. Every value gets a slot with a known
 * type and shape. Nodes whose inputs are all known before running (weights, {@code Shape} of a
 * fixed-shape tensor, {@code Constant}) are evaluated here, once, so the steps that remain do
 * real work on the inputs. A plan is immutable and shared by every session of a model.
 */
public final class ExecutionPlan {
    private final String[] slotNames;
    private final TensorInfo[] slotInfos;
    private final Tensor[] constants;
    private final int[] inputSlots;
    private final int[] outputSlots;
    private final List<Step> steps;
    private final int[] lastUse;
    private final MemoryPlan memoryPlan;

    private ExecutionPlan(String[] slotNames, TensorInfo[] slotInfos, Tensor[] constants, int[] inputSlots,
                          int[] outputSlots, List<Step> steps) {
        this.slotNames = slotNames;
        this.slotInfos = slotInfos;
        this.constants = constants;
        this.inputSlots = inputSlots;
        this.outputSlots = outputSlots;
        this.steps = List.copyOf(steps);
        this.lastUse = computeLastUse(slotNames.length, steps, outputSlots);
        this.memoryPlan = MemoryPlan.of(this);
    }

    /** How the values of this plan share arena buffers. */
    public MemoryPlan memoryPlan() {
        return memoryPlan;
    }

    /**
     * Plans {@code graph} for inputs of the given types and shapes, in the order of
     * {@code graph.inputs()}.
     *
     * @throws PlanException if an operator rejects what it receives
     */
    public static ExecutionPlan build(Graph graph, List<TensorInfo> inputInfos) {
        Map<String, Integer> slotOf = new HashMap<>();
        List<String> names = new ArrayList<>();
        List<TensorInfo> infos = new ArrayList<>();
        List<Tensor> constants = new ArrayList<>();

        int[] inputSlots = new int[graph.inputs().size()];
        for (int i = 0; i < inputSlots.length; i++) {
            inputSlots[i] = addSlot(graph.inputs().get(i).name(), inputInfos.get(i), null, slotOf, names, infos, constants);
        }
        graph.initializers().forEach((name, value) ->
            addSlot(name, TensorInfo.constant(value), value, slotOf, names, infos, constants));

        List<Step> steps = new ArrayList<>();
        for (Node node : graph.nodes()) {
            List<TensorInfo> in = new ArrayList<>(node.inputs().size());
            int[] inSlots = new int[node.inputs().size()];
            boolean allConstant = true;
            for (int i = 0; i < inSlots.length; i++) {
                String name = node.inputs().get(i);
                inSlots[i] = name.isEmpty() ? -1 : slotOf.get(name);
                TensorInfo info = name.isEmpty() ? null : infos.get(inSlots[i]);
                in.add(info);
                allConstant &= info == null || info.isConstant();
            }
            List<TensorInfo> out = inferOutputs(node, in);
            Tensor[] folded = allConstant ? evaluateNow(node, in, out) : null;
            int[] outSlots = new int[node.outputs().size()];
            for (int i = 0; i < outSlots.length; i++) {
                String name = node.outputs().get(i);
                if (name.isEmpty()) {
                    outSlots[i] = -1;
                    continue;
                }
                TensorInfo info = folded != null ? TensorInfo.constant(folded[i]) : out.get(i);
                outSlots[i] = addSlot(name, info, folded != null ? folded[i] : null, slotOf, names, infos, constants);
            }
            if (folded == null) {
                steps.add(new Step(node, inSlots, outSlots));
            }
        }

        int[] outputSlots = new int[graph.outputs().size()];
        for (int i = 0; i < outputSlots.length; i++) {
            ValueSpec spec = graph.outputs().get(i);
            outputSlots[i] = slotOf.get(spec.name());
            TensorInfo info = infos.get(outputSlots[i]);
            if (info.type() != spec.type()) {
                throw new PlanException("graph output '" + spec.name() + "' is declared " + spec.type()
                    + " but computes " + info.type());
            }
        }
        return new ExecutionPlan(names.toArray(String[]::new), infos.toArray(TensorInfo[]::new),
            constants.toArray(Tensor[]::new), inputSlots, outputSlots, steps);
    }

    private static int addSlot(String name, TensorInfo info, Tensor constant, Map<String, Integer> slotOf,
                               List<String> names, List<TensorInfo> infos, List<Tensor> constants) {
        int slot = names.size();
        slotOf.put(name, slot);
        names.add(name);
        infos.add(info);
        constants.add(constant);
        return slot;
    }

    private static List<TensorInfo> inferOutputs(Node node, List<TensorInfo> in) {
        List<TensorInfo> out;
        try {
            out = node.op().inferOutputs(in);
        } catch (OpException | IllegalArgumentException e) {
            throw new PlanException(node.describe() + ": " + e.getMessage() + " (inputs: " + describeInputs(node, in) + ")", e);
        }
        if (out.size() < node.outputs().size()) {
            throw new PlanException(node.describe() + " declares " + node.outputs().size() + " outputs, but the operator produces "
                + out.size());
        }
        return out;
    }

    private static Tensor[] evaluateNow(Node node, List<TensorInfo> in, List<TensorInfo> out) {
        Tensor[] inputs = new Tensor[in.size()];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = in.get(i) == null ? null : in.get(i).constant();
        }
        Tensor[] outputs = new Tensor[node.outputs().size()];
        for (int i = 0; i < outputs.length; i++) {
            outputs[i] = Tensor.zeros(out.get(i).type(), out.get(i).shape());
        }
        try {
            node.op().eval(inputs, outputs);
        } catch (OpException | IllegalArgumentException e) {
            throw new PlanException(node.describe() + ": " + e.getMessage(), e);
        }
        return outputs;
    }

    private static String describeInputs(Node node, List<TensorInfo> in) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            parts.add(node.inputs().get(i).isEmpty() ? "(omitted)" : "'" + node.inputs().get(i) + "' " + in.get(i));
        }
        return String.join(", ", parts);
    }

    private static int[] computeLastUse(int slotCount, List<Step> steps, int[] outputSlots) {
        int[] last = new int[slotCount];
        Arrays.fill(last, -1);
        for (int s = 0; s < steps.size(); s++) {
            for (int slot : steps.get(s).inputSlots()) {
                if (slot >= 0) {
                    last[slot] = s;
                }
            }
        }
        for (int slot : outputSlots) {
            last[slot] = Integer.MAX_VALUE;
        }
        return last;
    }

    public List<Step> steps() {
        return steps;
    }

    public int slotCount() {
        return slotNames.length;
    }

    public String slotName(int slot) {
        return slotNames[slot];
    }

    public TensorInfo slotInfo(int slot) {
        return slotInfos[slot];
    }

    /** The value of a slot known at plan time (weights, folded constants), else null. */
    public Tensor constant(int slot) {
        return constants[slot];
    }

    public int[] inputSlots() {
        return inputSlots.clone();
    }

    public int[] outputSlots() {
        return outputSlots.clone();
    }

    /** Index of the last step that reads {@code slot}; {@code Integer.MAX_VALUE} for graph outputs. */
    public int lastUse(int slot) {
        return lastUse[slot];
    }
}
