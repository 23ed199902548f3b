package io.lcnnserve.core.ops;

import io.lcnnserve.core.tensor.Tensor;
import java.util.List;

/**
 * One ONNX operator, configured from a node's attributes: its shape rule and its reference
 * evaluation. An op is immutable and shared by every session of a model.
 *
 * <p>Lifecycle: the importer builds the op once per node through its {@link OpFactory}, which
 * validates the attributes (so bad models fail at load time). When a plan is built for concrete
 * input shapes, {@link #inferOutputs} gives every output's type and shape; inputs whose value is
 * known at plan time (initializers, folded constants, {@code Shape} results) carry it in
 * {@link TensorInfo#constant()}. At run time the plan allocates the outputs with those shapes and
 * calls {@link #eval}.
 */
public interface Op {

    /** The ONNX op type, e.g. {@code "Conv"}. */
    String opType();

    /**
     * Output types and shapes for the given inputs. {@code inputs} has one entry per node input;
     * an omitted optional input is {@code null}. The result has one entry per node output.
     *
     * @throws OpException if the inputs do not fit the op (wrong rank, mismatched channels...)
     */
    List<TensorInfo> inferOutputs(List<TensorInfo> inputs);

    /**
     * Computes the outputs. {@code outputs} are preallocated with the inferred shapes (their
     * contents are undefined: overwrite every element); an output the graph does not use may be
     * {@code null} and need not be computed. Inputs must not be modified.
     */
    void eval(Tensor[] inputs, Tensor[] outputs);

    /**
     * {@link #eval(Tensor[], Tensor[])} with the session's threads. Ops backed by parallel
     * kernels override this; the reference implementations run on the calling thread.
     */
    default void eval(Tensor[] inputs, Tensor[] outputs, ExecutionContext context) {
        eval(inputs, outputs);
    }
}
