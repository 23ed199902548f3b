package io.lcnnserve.core.ops.elementwise;

import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import java.util.EnumSet;
import java.util.Set;

/**
 * The reference loops of broadcasting arithmetic on FLOAT, INT32 and INT64 tensors: combine two
 * tensors into an output, or expand one tensor into an output of a broadcast shape.
 */
public final class BroadcastArithmetic {
    /** Element types every arithmetic loop here supports. */
    public static final Set<DataType> TYPES = EnumSet.of(DataType.FLOAT, DataType.INT32, DataType.INT64);

    private BroadcastArithmetic() {
    }

    /**
     * {@code out = f(a, b)} with {@code a} and {@code b} broadcast to {@code out}'s shape. All three
     * share one element type. {@code out} may be the same tensor as {@code a} when their shapes
     * are equal (each element is read before it is written).
     */
    public static void apply(Tensor a, Tensor b, Tensor out, Arithmetic f) {
        int[][] shapes = {a.shape(), b.shape()};
        int ao = a.offset();
        int bo = b.offset();
        int oo = out.offset();
        switch (out.type()) {
            case FLOAT -> {
                float[] x = a.floats();
                float[] y = b.floats();
                float[] z = out.floats();
                Broadcast.forEachRow(out.shape(), shapes, (o, s, st, n) -> {
                    for (int i = 0; i < n; i++) {
                        z[oo + o + i] = f.apply(x[ao + s[0] + i * st[0]], y[bo + s[1] + i * st[1]]);
                    }
                });
            }
            case INT64 -> {
                long[] x = a.longs();
                long[] y = b.longs();
                long[] z = out.longs();
                Broadcast.forEachRow(out.shape(), shapes, (o, s, st, n) -> {
                    for (int i = 0; i < n; i++) {
                        z[oo + o + i] = f.apply(x[ao + s[0] + i * st[0]], y[bo + s[1] + i * st[1]]);
                    }
                });
            }
            case INT32 -> {
                int[] x = a.ints();
                int[] y = b.ints();
                int[] z = out.ints();
                Broadcast.forEachRow(out.shape(), shapes, (o, s, st, n) -> {
                    for (int i = 0; i < n; i++) {
                        z[oo + o + i] = (int) f.apply(x[ao + s[0] + i * st[0]], y[bo + s[1] + i * st[1]]);
                    }
                });
            }
            default -> throw unsupported(out.type());
        }
    }

    /** Copies {@code in} broadcast to {@code out}'s shape; both have the same element type. */
    public static void expand(Tensor in, Tensor out) {
        Object src = in.data();
        Object dst = out.data();
        int io = in.offset();
        int oo = out.offset();
        Broadcast.forEachRow(out.shape(), new int[][] {in.shape()}, (o, s, st, n) -> {
            if (st[0] == 1) {
                System.arraycopy(src, io + s[0], dst, oo + o, n);
            } else {
                for (int i = 0; i < n; i++) {
                    System.arraycopy(src, io + s[0], dst, oo + o + i, 1);
                }
            }
        });
    }

    /** The error for an element type outside {@link #TYPES}. */
    public static OpException unsupported(DataType type) {
        return new OpException("element type " + type + " is not supported (supported: " + TYPES + ")");
    }
}
