package io.lcnnserve.core.plan;

import io.lcnnserve.core.ops.TensorInfo;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Shapes;
import io.lcnnserve.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Assigns every value a plan computes to a reusable buffer, from value lifetimes: a buffer is
 * taken when a step writes a value and returned after the last step that reads it, so values that
 * are never alive at the same time share memory. Graph outputs are not in the arena: they are
 * handed to the caller, so each run allocates them. Computed once per plan; each session
 * allocates the buffers once ({@link #allocate()}) and reuses them on every run.
 *
 * <p>Values placed inside a concatenation ({@link SlotAliases}) share its buffer at their offset:
 * the buffer is taken when the first of them is written and returned after the last read of any
 * of them or of the concatenation.
 */
public final class MemoryPlan {
    private final int[] bufferOfSlot;
    private final int[] offsetOfSlot;
    private final DataType[] bufferTypes;
    private final int[] bufferSizes;

    private MemoryPlan(int[] bufferOfSlot, int[] offsetOfSlot, DataType[] bufferTypes, int[] bufferSizes) {
        this.bufferOfSlot = bufferOfSlot;
        this.offsetOfSlot = offsetOfSlot;
        this.bufferTypes = bufferTypes;
        this.bufferSizes = bufferSizes;
    }

    public static MemoryPlan of(ExecutionPlan plan) {
        SlotAliases aliases = SlotAliases.of(plan);
        int[] root = aliases.root;
        int[] groupLastUse = new int[plan.slotCount()];
        Arrays.fill(groupLastUse, -1);
        for (int slot = 0; slot < root.length; slot++) {
            groupLastUse[root[slot]] = Math.max(groupLastUse[root[slot]], plan.lastUse(slot));
        }
        int[] bufferOfSlot = new int[plan.slotCount()];
        Arrays.fill(bufferOfSlot, -1);
        List<DataType> types = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        List<Integer> free = new ArrayList<>();
        List<Step> steps = plan.steps();
        for (int s = 0; s < steps.size(); s++) {
            for (int slot : steps.get(s).outputSlots()) {
                if (slot < 0) {
                    continue;
                }
                if (plan.lastUse(slot) == Integer.MAX_VALUE) {
                    continue;
                }
                int group = root[slot];
                if (bufferOfSlot[group] < 0) {
                    // The first value of the group written: take a buffer the size of the whole group.
                    TensorInfo info = plan.slotInfo(group);
                    int size = Shapes.elementCount(info.shape());
                    int buffer = takeBestFit(free, types, sizes, info.type(), size);
                    if (buffer < 0) {
                        buffer = types.size();
                        types.add(info.type());
                        sizes.add(size);
                    } else {
                        sizes.set(buffer, Math.max(sizes.get(buffer), size));
                    }
                    bufferOfSlot[group] = buffer;
                }
                bufferOfSlot[slot] = bufferOfSlot[group];
                if (groupLastUse[group] < 0) {
                    free.add(bufferOfSlot[slot]);
                }
            }
            for (int slot : steps.get(s).inputSlots()) {
                if (slot >= 0 && bufferOfSlot[slot] >= 0 && groupLastUse[root[slot]] == s
                    && !free.contains(bufferOfSlot[slot])) {
                    free.add(bufferOfSlot[slot]);
                }
            }
        }
        int[] offsetOfSlot = new int[plan.slotCount()];
        for (int slot = 0; slot < offsetOfSlot.length; slot++) {
            offsetOfSlot[slot] = bufferOfSlot[slot] >= 0 ? aliases.offset[slot] : 0;
        }
        return new MemoryPlan(bufferOfSlot, offsetOfSlot, types.toArray(DataType[]::new),
            sizes.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The free buffer of the right type whose size is closest to {@code size} (growing one if none fits). */
    private static int takeBestFit(List<Integer> free, List<DataType> types, List<Integer> sizes, DataType type, int size) {
        int best = -1;
        long bestWaste = Long.MAX_VALUE;
        for (int b : free) {
            if (types.get(b) != type) {
                continue;
            }
            long waste = Math.abs((long) sizes.get(b) - size);
            if (waste < bestWaste) {
                best = b;
                bestWaste = waste;
            }
        }
        if (best >= 0) {
            free.remove(Integer.valueOf(best));
        }
        return best;
    }

    /** The buffer that holds {@code slot}, or -1 if it is not in the arena (inputs, constants, graph outputs). */
    public int bufferOf(int slot) {
        return bufferOfSlot[slot];
    }

    /** Where {@code slot} starts inside its buffer, in elements (non-zero for values placed inside a concatenation). */
    public int offsetOf(int slot) {
        return offsetOfSlot[slot];
    }

    public int bufferCount() {
        return bufferSizes.length;
    }

    /** Allocates this plan's buffers (one arena for one session). */
    public Object[] allocate() {
        Object[] buffers = new Object[bufferSizes.length];
        for (int b = 0; b < buffers.length; b++) {
            buffers[b] = Tensor.newArray(bufferTypes[b], bufferSizes[b]);
        }
        return buffers;
    }

    /** Bytes of the arena's buffers. */
    public long arenaBytes() {
        long total = 0;
        for (int b = 0; b < bufferSizes.length; b++) {
            total += (long) bufferSizes[b] * bufferTypes[b].byteSize();
        }
        return total;
    }
}
