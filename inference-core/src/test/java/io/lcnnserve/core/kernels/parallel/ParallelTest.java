package io.lcnnserve.core.kernels.parallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ParallelTest {

    @Test
    void everyIndexIsCoveredExactlyOnceWithGrainAlignedBoundaries() {
        try (Parallel parallel = Parallel.fixedThreads(3)) {
            for (int n : new int[] {1, 7, 13, 24, 33, 130, 1000}) {
                for (int grain : new int[] {1, 8, 32}) {
                    AtomicIntegerArray hits = new AtomicIntegerArray(n);
                    parallel.forRange(n, grain, (part, start, end) -> {
                        assertEquals(0, start % grain, "start " + start + " not aligned to " + grain);
                        assertTrue(end == n || end % grain == 0, "end " + end + " not aligned to " + grain);
                        for (int i = start; i < end; i++) {
                            hits.incrementAndGet(i);
                        }
                    });
                    for (int i = 0; i < n; i++) {
                        assertEquals(1, hits.get(i), "index " + i + " of n=" + n + " grain=" + grain);
                    }
                }
            }
        }
    }

    @Test
    void partsRunOnDistinctThreadsIncludingTheCaller() {
        try (Parallel parallel = Parallel.fixedThreads(2)) {
            Set<Thread> threads = ConcurrentHashMap.newKeySet();
            for (int repeat = 0; repeat < 20; repeat++) {
                parallel.forRange(64, 1, (part, start, end) -> threads.add(Thread.currentThread()));
            }
            assertEquals(2, threads.size());
            assertTrue(threads.contains(Thread.currentThread()));
        }
    }

    @Test
    void partCountNeverExceedsThreadsOrGrains() {
        assertEquals(2, Parallel.partCount(100, 1, 2));
        assertEquals(1, Parallel.partCount(20, 32, 4));
        assertEquals(0, Parallel.partCount(0, 1, 4));
        assertEquals(0, Parallel.partStart(0, 2, 100, 8));
        assertEquals(48, Parallel.partStart(1, 2, 100, 8));
        assertEquals(100, Parallel.partStart(2, 2, 100, 8));
    }

    @Test
    void oneThreadRunsInlineOnTheCaller() {
        Parallel parallel = Parallel.fixedThreads(1);
        assertSame(Parallel.sequential(), parallel);
        Thread[] seen = new Thread[1];
        parallel.forRange(10, 1, (part, start, end) -> {
            assertEquals(0, start);
            assertEquals(10, end);
            seen[0] = Thread.currentThread();
        });
        assertSame(Thread.currentThread(), seen[0]);
    }

    @Test
    void exceptionInAWorkerPartReachesTheCallerAfterAllPartsFinish() {
        try (Parallel parallel = Parallel.fixedThreads(2)) {
            AtomicIntegerArray done = new AtomicIntegerArray(2);
            IllegalStateException e = assertThrows(IllegalStateException.class, () ->
                parallel.forRange(2, 1, (part, start, end) -> {
                    done.set(part, 1);
                    if (part == 1) {
                        throw new IllegalStateException("part 1 failed");
                    }
                }));
            assertEquals("part 1 failed", e.getMessage());
            assertEquals(1, done.get(0));
            assertEquals(1, done.get(1));
            int[] after = new int[1];
            parallel.forRange(1, 1, (part, start, end) -> after[0] = end);
            assertEquals(1, after[0], "pool still usable after a failure");
        }
    }

    @Test
    void nestedLoopRunsInlineInsteadOfDeadlocking() {
        try (Parallel parallel = Parallel.fixedThreads(2)) {
            AtomicIntegerArray hits = new AtomicIntegerArray(4);
            parallel.forRange(2, 1, (outer, s, e) ->
                parallel.forRange(2, 1, (inner, s2, e2) -> hits.incrementAndGet(s * 2 + s2)));
            for (int i = 0; i < 4; i++) {
                assertEquals(1, hits.get(i));
            }
        }
    }

    @Test
    void loopsOfChangingWidthNeverRunAPartTwiceOrSkipOne() {
        // With 3 threads, 2-part loops leave worker 2 idle while the next loop is being set up.
        try (Parallel parallel = Parallel.fixedThreads(3)) {
            AtomicIntegerArray hits = new AtomicIntegerArray(3);
            for (int loop = 0; loop < 20_000; loop++) {
                int n = 2 + loop % 2;
                parallel.forRange(n, 1, (part, start, end) -> hits.incrementAndGet(start));
                for (int i = 0; i < n; i++) {
                    assertEquals(1, hits.getAndSet(i, 0), "index " + i + " of loop " + loop + " (n=" + n + ")");
                }
            }
        }
    }

    @Test
    void dispatchingALoopAllocatesNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (Parallel parallel = Parallel.fixedThreads(2)) {
            long[] sums = new long[2];
            Parallel.RangeBody body = (part, start, end) -> sums[part] += end - start;
            long[] ids = {Thread.currentThread().threadId(), workerId("lcnn-kernels-1/2")};
            long allocated = Long.MAX_VALUE;
            // Until C2 has compiled the dispatch path, the interpreter may allocate; take the best window.
            for (int window = 0; window < 20 && allocated > 0; window++) {
                long before = threads.getThreadAllocatedBytes(ids[0]) + threads.getThreadAllocatedBytes(ids[1]);
                for (int loop = 0; loop < 10_000; loop++) {
                    parallel.forRange(64, 1, body);
                }
                allocated = threads.getThreadAllocatedBytes(ids[0]) + threads.getThreadAllocatedBytes(ids[1]) - before;
            }
            assertEquals(0, allocated, "bytes allocated by 10,000 loops on 2 threads");
            assertTrue(sums[0] > 0 && sums[1] > 0, "both threads ran parts");
        }
    }

    private static long workerId(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).findFirst()
            .orElseThrow(() -> new AssertionError("no worker thread " + name)).threadId();
    }

    @Test
    void closedPoolRejectsWork() {
        Parallel parallel = Parallel.fixedThreads(2);
        parallel.close();
        IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> parallel.forRange(10, 1, (part, start, end) -> { }));
        assertNotEquals(-1, e.getMessage().indexOf("closed"));
    }
}
