package io.lcnnserve.core.ops;

/**
 * What an {@link OpFactory} sees of a node: its identity, the opset its domain was imported at,
 * its attributes and how many inputs/outputs it declares (omitted optional inputs count, as
 * empty names).
 */
public record NodeSpec(String name, String opType, int opset, Attributes attributes, int inputCount, int outputCount) {

    /** Throws unless the node has between {@code min} and {@code max} inputs. */
    public void requireInputs(int min, int max) {
        if (inputCount < min || inputCount > max) {
            throw new OpException("expects " + (min == max ? String.valueOf(min) : min + " to " + max)
                + " inputs, got " + inputCount);
        }
    }

    /** Throws unless the node has between {@code min} and {@code max} outputs. */
    public void requireOutputs(int min, int max) {
        if (outputCount < min || outputCount > max) {
            throw new OpException("expects " + (min == max ? String.valueOf(min) : min + " to " + max)
                + " outputs, got " + outputCount);
        }
    }
}
