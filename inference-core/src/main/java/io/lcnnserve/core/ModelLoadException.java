package io.lcnnserve.core;

/**
 * A model cannot be loaded: the file is not a valid ONNX model, uses an operator or attribute
 * value the engine does not support, or is inconsistent. Thrown at load time, never at the first
 * inference; the message names the node, its op type and opset where one is involved.
 */
public class ModelLoadException extends RuntimeException {
    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
