package io.lcnnserve.core.graph;

import io.lcnnserve.core.tensor.DataType;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A named graph input or output as declared by the model: element type and shape, where a
 * dimension may be symbolic. {@code dims} is null when the model declares no shape at all.
 */
public record ValueSpec(String name, DataType type, List<Dim> dims) {

    public ValueSpec {
        dims = dims == null ? null : List.copyOf(dims);
    }

    public boolean hasShape() {
        return dims != null;
    }

    /** The declared shape as text, e.g. {@code [N, 3, 224, 224]}. */
    public String shapeText() {
        return dims == null ? "(any shape)" : dims.stream().map(Dim::toString).collect(Collectors.joining(", ", "[", "]"));
    }

    @Override
    public String toString() {
        return name + ": " + type + " " + shapeText();
    }
}
