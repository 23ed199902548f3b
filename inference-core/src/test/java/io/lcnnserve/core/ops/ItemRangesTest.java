package io.lcnnserve.core.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.lcnnserve.core.kernels.parallel.Parallel;
import io.lcnnserve.core.tensor.Tensor;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ItemRangesTest {

    /** Records which thread handled each item. */
    private record Recorder(AtomicIntegerArray hits, Set<Thread> threads) {
        Recorder(int items) {
            this(new AtomicIntegerArray(items), ConcurrentHashMap.newKeySet());
        }

        static void record(Recorder recorder, Tensor[] inputs, Tensor[] outputs, int start, int end) {
            recorder.threads.add(Thread.currentThread());
            for (int i = start; i < end; i++) {
                recorder.hits.incrementAndGet(i);
            }
        }
    }

    @Test
    void largeWorkSplitsItsItemsAcrossTheSessionThreadsCoveringEachOnce() {
        try (Parallel parallel = Parallel.fixedThreads(2)) {
            Recorder recorder = new Recorder(8);
            ItemRanges.run(new ExecutionContext(parallel), 8, ItemRanges.MIN_PARALLEL_ELEMENTS, recorder, Recorder::record,
                new Tensor[0], new Tensor[0]);
            for (int i = 0; i < 8; i++) {
                assertThat(recorder.hits().get(i)).as("item " + i).isEqualTo(1);
            }
            assertThat(recorder.threads()).hasSize(2).contains(Thread.currentThread());
        }
    }

    @Test
    void smallWorkRunsInlineOnTheCaller() {
        try (Parallel parallel = Parallel.fixedThreads(2)) {
            Recorder recorder = new Recorder(8);
            ItemRanges.run(new ExecutionContext(parallel), 8, ItemRanges.MIN_PARALLEL_ELEMENTS - 1, recorder, Recorder::record,
                new Tensor[0], new Tensor[0]);
            assertThat(recorder.threads()).containsExactly(Thread.currentThread());
            assertThat(recorder.hits().get(7)).isEqualTo(1);
        }
    }
}
