package io.lcnnserve.core.ops.elementwise;

import io.lcnnserve.core.ops.OpException;

/**
 * The element functions of the arithmetic ops, for each element type they compute in. INT32
 * tensors are computed through the long form and narrowed back, which gives exactly Java's
 * 32-bit wrap-around results.
 */
public enum Arithmetic {
    ADD {
        @Override
        public float apply(float a, float b) {
            return a + b;
        }

        @Override
        public long apply(long a, long b) {
            return a + b;
        }
    },
    SUB {
        @Override
        public float apply(float a, float b) {
            return a - b;
        }

        @Override
        public long apply(long a, long b) {
            return a - b;
        }
    },
    MUL {
        @Override
        public float apply(float a, float b) {
            return a * b;
        }

        @Override
        public long apply(long a, long b) {
            return a * b;
        }
    },
    /** Integer division truncates toward zero (as C++ and ONNX Runtime do); dividing an integer by zero is an error. */
    DIV {
        @Override
        public float apply(float a, float b) {
            return a / b;
        }

        @Override
        public long apply(long a, long b) {
            if (b == 0) {
                throw new OpException("integer division by zero (" + a + " / 0)");
            }
            return a / b;
        }
    },
    /** NaN propagates, as with numpy's maximum. */
    MAX {
        @Override
        public float apply(float a, float b) {
            return Math.max(a, b);
        }

        @Override
        public long apply(long a, long b) {
            return Math.max(a, b);
        }
    },
    /** NaN propagates, as with numpy's minimum. */
    MIN {
        @Override
        public float apply(float a, float b) {
            return Math.min(a, b);
        }

        @Override
        public long apply(long a, long b) {
            return Math.min(a, b);
        }
    };

    public abstract float apply(float a, float b);

    public abstract long apply(long a, long b);
}
