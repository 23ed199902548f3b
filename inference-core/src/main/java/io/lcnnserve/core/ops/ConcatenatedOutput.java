package io.lcnnserve.core.ops;

import java.util.List;

/**
 * An op whose output, for some input shapes, is just its inputs laid end to end in memory (a
 * Concat along an axis with only size-1 dimensions before it). The memory plan may then place
 * each input directly in its slice of the output, so the producers write there and nothing is
 * copied; the op must detect inputs already in place and skip them.
 */
public interface ConcatenatedOutput extends Op {

    /**
     * For inputs of these types and shapes, where each input starts inside the output (in
     * elements), or null when the inputs are not contiguous slices of the output.
     */
    int[] inputOffsets(List<TensorInfo> inputs);
}
