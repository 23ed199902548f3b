package io.lcnnserve.core.ops;

import io.lcnnserve.core.kernels.parallel.Parallel;
import io.lcnnserve.core.tensor.Tensor;

/**
 * Splits an op's independent items (images, channel planes) across the session's threads. The
 * loop body is reused per calling thread and the op's work is an unbound method reference (no
 * captures), so dispatching allocates nothing. For ops whose work is a plain loop over items of
 * their inputs and outputs, such as copies and pooling.
 */
public final class ItemRanges implements Parallel.RangeBody {

    /** The op's work on items {@code [start, end)} of one eval. */
    @FunctionalInterface
    public interface Items<T> {
        void run(T op, Tensor[] inputs, Tensor[] outputs, int start, int end);
    }

    /** Below this many elements of work, a split costs more than it saves. */
    public static final int MIN_PARALLEL_ELEMENTS = 1 << 15;

    private static final ThreadLocal<ItemRanges> BODIES = ThreadLocal.withInitial(ItemRanges::new);

    private Items<Object> items;
    private Object op;
    private Tensor[] inputs;
    private Tensor[] outputs;

    private ItemRanges() {
    }

    /**
     * Runs {@code items} over {@code [0, count)} on the context's threads, or inline when there is
     * one thread, one item or fewer than {@link #MIN_PARALLEL_ELEMENTS} {@code elements} in all.
     */
    @SuppressWarnings("unchecked")
    public static <T> void run(ExecutionContext context, int count, long elements, T op, Items<T> items,
                               Tensor[] inputs, Tensor[] outputs) {
        Parallel parallel = context.parallel();
        ItemRanges body = BODIES.get();
        // A nested split (an item running another split on this thread) runs inline.
        if (parallel.threads() == 1 || count < 2 || elements < MIN_PARALLEL_ELEMENTS || body.items != null) {
            items.run(op, inputs, outputs, 0, count);
            return;
        }
        body.items = (Items<Object>) items;
        body.op = op;
        body.inputs = inputs;
        body.outputs = outputs;
        try {
            parallel.forRange(count, 1, body);
        } finally {
            body.items = null;
            body.op = null;
            body.inputs = null;
            body.outputs = null;
        }
    }

    @Override
    public void run(int part, int start, int end) {
        items.run(op, inputs, outputs, start, end);
    }
}
