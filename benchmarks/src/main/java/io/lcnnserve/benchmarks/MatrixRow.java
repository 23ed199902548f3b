package io.lcnnserve.benchmarks;

/**
 * One model/threads/batch cell of the benchmark matrix. Latencies are milliseconds per inference
 * (median and best sampled call); a field is null when its benchmark failed (see the run's log).
 *
 * @param allocBytesPerOp bytes allocated per inference by our engine, all threads (JMH gc.alloc.rate.norm)
 * @param arenaBytes      activation-arena bytes of our session
 */
record MatrixRow(String model, int threads, int batch, Double oursMs, Double ortMs, Double oursBestMs, Double ortBestMs,
                 Double allocBytesPerOp, Long arenaBytes) {

    /** Ours / ONNX Runtime on the median call: below 1 we are faster. */
    Double ratio() {
        return oursMs == null || ortMs == null ? null : oursMs / ortMs;
    }

    /** Ours / ONNX Runtime on the best call, the one least disturbed by other processes. */
    Double bestRatio() {
        return oursBestMs == null || ortBestMs == null ? null : oursBestMs / ortBestMs;
    }

    boolean complete() {
        return oursMs != null && ortMs != null;
    }
}
