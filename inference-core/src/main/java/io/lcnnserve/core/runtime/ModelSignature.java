package io.lcnnserve.core.runtime;

import io.lcnnserve.core.graph.ValueSpec;
import java.util.List;
import java.util.Optional;

/** A model's declared inputs and outputs (names, element types, shapes with symbolic dims). */
public record ModelSignature(List<ValueSpec> inputs, List<ValueSpec> outputs) {

    public ModelSignature {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    public Optional<ValueSpec> input(String name) {
        return inputs.stream().filter(v -> v.name().equals(name)).findFirst();
    }

    public Optional<ValueSpec> output(String name) {
        return outputs.stream().filter(v -> v.name().equals(name)).findFirst();
    }

    @Override
    public String toString() {
        return "inputs " + inputs + " -> outputs " + outputs;
    }
}
