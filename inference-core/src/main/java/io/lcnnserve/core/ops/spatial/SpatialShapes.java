package io.lcnnserve.core.ops.spatial;

import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.ops.TensorInfo;
import io.lcnnserve.core.tensor.DataType;
import java.util.Arrays;

/** Shape checks for NCHW-style tensors (batch, channels, then one or more spatial axes). */
public final class SpatialShapes {
    private SpatialShapes() {
    }

    /** Throws unless {@code value} is float32; {@code name} says which input it is. */
    public static void requireFloat(TensorInfo value, String name) {
        if (value.type() != DataType.FLOAT) {
            throw new OpException("input " + name + " must be float32, got " + value.type());
        }
    }

    /**
     * Checks that {@code value} is a float32 tensor of shape (N, C, D1, ..., Dn) with n ≥ 1 and
     * returns its spatial shape (D1, ..., Dn).
     */
    public static int[] requireSpatialFloat(TensorInfo value, String name) {
        requireFloat(value, name);
        if (value.rank() < 3) {
            throw new OpException("input " + name + " must have shape (N, C, D1, ...) with at least one spatial axis, got "
                + Arrays.toString(value.shape()));
        }
        return spatial(value.shape());
    }

    /** The axes after batch and channels. */
    public static int[] spatial(int[] shape) {
        return Arrays.copyOfRange(shape, 2, shape.length);
    }

    /** (batch, channels, spatial...). */
    public static int[] batchChannelsSpatial(int batch, int channels, int[] spatial) {
        int[] shape = new int[spatial.length + 2];
        shape[0] = batch;
        shape[1] = channels;
        System.arraycopy(spatial, 0, shape, 2, spatial.length);
        return shape;
    }

    /** Throws unless the optional bias is a float32 vector of {@code channels} values; null is fine. */
    public static void requireBias(TensorInfo bias, int channels) {
        if (bias == null) {
            return;
        }
        requireFloat(bias, "B");
        if (bias.rank() != 1 || bias.dim(0) != channels) {
            throw new OpException("bias B must have shape [" + channels + "] (one value per output channel), got "
                + Arrays.toString(bias.shape()));
        }
    }
}
