package io.lcnnserve.core.ops.pool;

import io.lcnnserve.core.tensor.Tensor;

/**
 * GlobalAveragePool on the vector kernel ({@link io.lcnnserve.core.kernels.pool.GlobalAveragePool}):
 * each channel plane summed in float vector lanes, where the reference sums in double. The
 * optimizer's kernel-ops pass puts it in place of the reference op.
 */
public final class VectorGlobalAveragePool extends GlobalAveragePool {

    @Override
    public String opType() {
        return "VectorGlobalAveragePool";
    }

    @Override
    public void eval(Tensor[] inputs, Tensor[] outputs) {
        Tensor x = inputs[0];
        Tensor y = outputs[0];
        int planes = x.dim(0) * x.dim(1);
        if (planes == 0) {
            return;
        }
        io.lcnnserve.core.kernels.pool.GlobalAveragePool.compute(planes, x.size() / planes, x.floats(), x.offset(),
            y.floats(), y.offset());
    }
}
