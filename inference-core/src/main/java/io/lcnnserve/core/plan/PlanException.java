package io.lcnnserve.core.plan;

/**
 * A graph cannot be planned for the given input shapes: an operator rejects the shapes or
 * types it receives. The message names the node, its op type and opset.
 */
public class PlanException extends RuntimeException {
    public PlanException(String message, Throwable cause) {
        super(message, cause);
    }

    public PlanException(String message) {
        super(message);
    }
}
