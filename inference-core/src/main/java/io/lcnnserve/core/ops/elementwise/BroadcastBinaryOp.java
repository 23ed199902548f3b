package io.lcnnserve.core.ops.elementwise;

import io.lcnnserve.core.ops.Attributes;
import io.lcnnserve.core.ops.NodeSpec;
import io.lcnnserve.core.ops.Op;
import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.ops.TensorInfo;
import io.lcnnserve.core.tensor.Shapes;
import io.lcnnserve.core.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Base of the two-input arithmetic ops (Add, Sub, Mul, Div) on FLOAT, INT32 and INT64.
 *
 * <p>From opset 7 both inputs broadcast numpy-style (multidirectional). Opsets 1–6 only
 * broadcast B onto A, and only when the node says {@code broadcast=1}: B is either a single
 * element or matches a contiguous run of A's dims starting at {@code axis} (by default the
 * trailing dims); without {@code broadcast=1} the shapes must be equal.
 */
public abstract class BroadcastBinaryOp implements Op {
    private final String opType;
    private final Arithmetic function;
    private final boolean legacy;
    private final boolean legacyBroadcast;
    private final Long legacyAxis;

    protected BroadcastBinaryOp(String opType, NodeSpec node, Arithmetic function) {
        node.requireInputs(2, 2);
        node.requireOutputs(1, 1);
        this.opType = opType;
        this.function = function;
        this.legacy = node.opset() < 7;
        Attributes attributes = node.attributes();
        if (legacy) {
            // consumed_inputs (opset 1) was a memory-reuse hint for the producing framework.
            attributes.ignore("consumed_inputs");
            this.legacyBroadcast = attributes.getInt("broadcast", 0) != 0;
            this.legacyAxis = attributes.has("axis") ? attributes.requireInt("axis") : null;
            if (legacyAxis != null && !legacyBroadcast) {
                throw new OpException("attribute 'axis' is only meaningful with broadcast=1");
            }
        } else {
            this.legacyBroadcast = false;
            this.legacyAxis = null;
        }
    }

    @Override
    public String opType() {
        return opType;
    }

    /** The element function this op applies. */
    public Arithmetic function() {
        return function;
    }

    @Override
    public List<TensorInfo> inferOutputs(List<TensorInfo> inputs) {
        TensorInfo a = inputs.get(0);
        TensorInfo b = inputs.get(1);
        if (a.type() != b.type()) {
            throw new OpException("inputs must have the same element type, got " + a.type() + " and " + b.type());
        }
        if (!BroadcastArithmetic.TYPES.contains(a.type())) {
            throw BroadcastArithmetic.unsupported(a.type());
        }
        if (legacy) {
            legacyAlignedB(a.shape(), b.shape());
            return List.of(TensorInfo.of(a.type(), a.shape()));
        }
        return List.of(TensorInfo.of(a.type(), Broadcast.multidirectional(a.shape(), b.shape())));
    }

    @Override
    public void eval(Tensor[] inputs, Tensor[] outputs) {
        Tensor b = inputs[1];
        if (legacy) {
            int[] aligned = legacyAlignedB(inputs[0].shape(), b.shape());
            if (aligned != null) {
                b = b.reshape(aligned);
            }
        }
        BroadcastArithmetic.apply(inputs[0], b, outputs[0], function);
    }

    /**
     * Opset 1–6 rule: validates B against A and returns B's shape padded with 1s to A's rank
     * so numpy broadcasting reproduces the legacy placement, or null when B needs no reshape.
     */
    private int[] legacyAlignedB(int[] a, int[] b) {
        if (!legacyBroadcast) {
            if (!Arrays.equals(a, b)) {
                throw new OpException("without broadcast=1 (opset < 7) the input shapes must be equal, got "
                    + Arrays.toString(a) + " and " + Arrays.toString(b));
            }
            return null;
        }
        if (Shapes.elementCount(b) == 1) {
            return new int[0];
        }
        if (b.length > a.length) {
            throw new OpException("B of shape " + Arrays.toString(b) + " has a higher rank than A "
                + Arrays.toString(a));
        }
        int axis = legacyAxis == null ? a.length - b.length : (int) (legacyAxis < 0 ? legacyAxis + a.length : legacyAxis);
        if (axis < 0 || axis + b.length > a.length) {
            throw new OpException("axis " + legacyAxis + " does not fit B of shape " + Arrays.toString(b)
                + " into A of shape " + Arrays.toString(a));
        }
        int[] aligned = new int[a.length];
        Arrays.fill(aligned, 1);
        for (int i = 0; i < b.length; i++) {
            if (b[i] != a[axis + i]) {
                throw new OpException("B of shape " + Arrays.toString(b) + " does not match A of shape "
                    + Arrays.toString(a) + " at axis " + axis);
            }
            aligned[axis + i] = b[i];
        }
        return aligned;
    }
}
