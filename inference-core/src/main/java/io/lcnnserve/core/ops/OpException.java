package io.lcnnserve.core.ops;

/**
 * An operator rejects its attributes or inputs. The message says what is wrong; the importer
 * and planner add which node, op type and opset it was.
 */
public class OpException extends RuntimeException {
    public OpException(String message) {
        super(message);
    }

    public OpException(String message, Throwable cause) {
        super(message, cause);
    }
}
