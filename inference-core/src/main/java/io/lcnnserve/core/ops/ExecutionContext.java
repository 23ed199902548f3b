package io.lcnnserve.core.ops;

import io.lcnnserve.core.kernels.parallel.Parallel;
import io.lcnnserve.core.tensor.Tensor;

/**
 * What a running session lends its ops: the threads an op may split its work across. One
 * context per session; an op must not keep it beyond {@link Op#eval(Tensor[], Tensor[], ExecutionContext)}.
 */
public record ExecutionContext(Parallel parallel) {

    /** Everything on the calling thread. */
    public static ExecutionContext sequential() {
        return new ExecutionContext(Parallel.sequential());
    }
}
