package io.lcnnserve.core.runtime;

import io.lcnnserve.core.ops.TensorInfo;
import io.lcnnserve.core.plan.ExecutionPlan;
import io.lcnnserve.core.plan.MemoryPlan;
import io.lcnnserve.core.plan.Step;
import io.lcnnserve.core.tensor.Tensor;
import java.util.List;

/**
 * One session's run-time state for one plan: the activation arena and a tensor view for every
 * slot, built once so that a run allocates nothing but its outputs.
 */
final class Workspace {
    final ExecutionPlan plan;
    /** Slot values: constants and arena views are set once; inputs and outputs per run. */
    final Tensor[] slots;
    final Tensor[][] stepInputs;
    final Tensor[][] stepOutputs;
    final long arenaBytes;

    Workspace(ExecutionPlan plan) {
        this.plan = plan;
        MemoryPlan memory = plan.memoryPlan();
        Object[] buffers = memory.allocate();
        this.arenaBytes = memory.arenaBytes();
        this.slots = new Tensor[plan.slotCount()];
        for (int slot = 0; slot < slots.length; slot++) {
            Tensor constant = plan.constant(slot);
            int buffer = memory.bufferOf(slot);
            if (constant != null) {
                slots[slot] = constant;
            } else if (buffer >= 0) {
                TensorInfo info = plan.slotInfo(slot);
                slots[slot] = Tensor.wrap(info.type(), info.shape(), buffers[buffer], memory.offsetOf(slot));
            }
        }
        List<Step> steps = plan.steps();
        this.stepInputs = new Tensor[steps.size()][];
        this.stepOutputs = new Tensor[steps.size()][];
        for (int s = 0; s < steps.size(); s++) {
            stepInputs[s] = new Tensor[steps.get(s).inputSlots().length];
            stepOutputs[s] = new Tensor[steps.get(s).outputSlots().length];
        }
    }
}
