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
 */
public final class MemoryPlan {
    private final int[] bufferOfSlot;
    private final DataType[] bufferTypes;
    private final int[] bufferSizes;

    private MemoryPlan(int[] bufferOfSlot, DataType[] bufferTypes, int[] bufferSizes) {
        this.bufferOfSlot = bufferOfSlot;
        this.bufferTypes = bufferTypes;
        this.bufferSizes = bufferSizes;
    }

    public static MemoryPlan of(ExecutionPlan plan) {
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
                TensorInfo info = plan.slotInfo(slot);
                int size = Shapes.elementCount(info.shape());
                if (plan.lastUse(slot) == Integer.MAX_VALUE) {
                    continue;
                }
                int buffer = takeBestFit(free, types, sizes, info.type(), size);
                if (buffer < 0) {
                    buffer = types.size();
                    types.add(info.type());
                    sizes.add(size);
                } else {
                    sizes.set(buffer, Math.max(sizes.get(buffer), size));
                }
                bufferOfSlot[slot] = buffer;
                if (plan.lastUse(slot) < 0) {
                    free.add(buffer);
                }
            }
            for (int slot : steps.get(s).inputSlots()) {
                if (slot >= 0 && bufferOfSlot[slot] >= 0 && plan.lastUse(slot) == s
                    && !free.contains(bufferOfSlot[slot])) {
                    free.add(bufferOfSlot[slot]);
                }
            }
        }
        return new MemoryPlan(bufferOfSlot, types.toArray(DataType[]::new),
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
