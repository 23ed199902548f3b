package io.lcnnserve.core.plan;

import io.lcnnserve.core.ops.ConcatenatedOutput;
import io.lcnnserve.core.ops.TensorInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Which values of a plan live inside another value's memory: the inputs of a
 * {@link ConcatenatedOutput} step placed in their slice of its output, so their producers write
 * the concatenation directly. Nested concatenations resolve to the outermost one (the root).
 *
 * <p>An input is placed only when doing so cannot change a result: it is computed by a step (not
 * a graph input or a constant), it is not a graph output and neither is the concatenation (those
 * get their own memory each run), it has the output's type, and it is not already placed in
 * another concatenation (a value used twice, in one or two Concats, is placed at most once).
 */
final class SlotAliases {
    /** Root slot whose memory holds each slot (the slot itself when not placed). */
    final int[] root;
    /** Element offset of each slot inside its root. */
    final int[] offset;

    private SlotAliases(int[] root, int[] offset) {
        this.root = root;
        this.offset = offset;
    }

    static SlotAliases of(ExecutionPlan plan) {
        int slots = plan.slotCount();
        int[] parent = new int[slots];
        int[] parentOffset = new int[slots];
        Arrays.fill(parent, -1);
        boolean[] computed = new boolean[slots];
        for (Step step : plan.steps()) {
            for (int out : step.outputSlots()) {
                if (out >= 0) {
                    computed[out] = true;
                }
            }
        }
        for (Step step : plan.steps()) {
            if (!(step.node().op() instanceof ConcatenatedOutput op) || step.outputSlots()[0] < 0) {
                continue;
            }
            int out = step.outputSlots()[0];
            if (plan.lastUse(out) == Integer.MAX_VALUE) {
                continue;
            }
            int[] inSlots = step.inputSlots();
            if (Arrays.stream(inSlots).anyMatch(slot -> slot < 0)) {
                continue;
            }
            List<TensorInfo> infos = new ArrayList<>(inSlots.length);
            for (int slot : inSlots) {
                infos.add(plan.slotInfo(slot));
            }
            int[] offsets = op.inputOffsets(infos);
            if (offsets == null) {
                continue;
            }
            for (int i = 0; i < inSlots.length; i++) {
                int in = inSlots[i];
                boolean placeable = computed[in] && parent[in] < 0 && plan.lastUse(in) != Integer.MAX_VALUE
                    && plan.slotInfo(in).type() == plan.slotInfo(out).type() && count(inSlots, in) == 1;
                if (placeable) {
                    parent[in] = out;
                    parentOffset[in] = offsets[i];
                }
            }
        }
        int[] root = new int[slots];
        int[] offset = new int[slots];
        for (int s = 0; s < slots; s++) {
            int r = s;
            int o = 0;
            while (parent[r] >= 0) {
                o += parentOffset[r];
                r = parent[r];
            }
            root[s] = r;
            offset[s] = o;
        }
        return new SlotAliases(root, offset);
    }

    private static int count(int[] slots, int slot) {
        int n = 0;
        for (int s : slots) {
            n += s == slot ? 1 : 0;
        }
        return n;
    }
}
