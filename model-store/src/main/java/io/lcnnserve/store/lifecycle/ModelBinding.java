package io.lcnnserve.store.lifecycle;

import io.lcnnserve.core.graph.Dim;
import io.lcnnserve.core.graph.ValueSpec;
import io.lcnnserve.core.runtime.ModelSignature;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.store.config.InputConfig;
import io.lcnnserve.store.config.ModelConfig;
import io.lcnnserve.store.config.OutputConfig;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A config matched against a loaded model's signature: the image input and the score output it
 * names (or the defaults), checked to be a 4-D float image tensor in the configured layout with
 * 3 channels and the configured size.
 *
 * @param config      the effective config: names and input size filled in
 * @param warmupShape the shape of one image (batch 1) for this input
 */
record ModelBinding(ModelConfig config, int[] warmupShape) {

    static ModelBinding resolve(String what, ModelSignature signature, ModelConfig config) {
        ValueSpec input = pickInput(what, signature, config.input());
        ValueSpec output = pickOutput(what, signature, config.output());
        if (input.type() != DataType.FLOAT) {
            throw new IllegalArgumentException(what + ": input '" + input.name() + "' is " + input.type()
                + "; an image input must be FLOAT");
        }
        boolean nchw = config.input().layout().equals(InputConfig.NCHW);
        String layout = config.input().layout();
        if (!input.hasShape() || input.dims().size() != 4) {
            throw new IllegalArgumentException(what + ": input '" + input.name() + "' has shape " + input.shapeText()
                + "; an image input must be 4-D " + layout);
        }
        List<Dim> dims = input.dims();
        Dim channels = dims.get(nchw ? 1 : 3);
        Dim height = dims.get(nchw ? 2 : 1);
        Dim width = dims.get(nchw ? 3 : 2);
        if (channels.isFixed() && channels.value() != 3) {
            throw new IllegalArgumentException(what + ": input '" + input.name() + "' has shape " + input.shapeText()
                + ", which is not a 3-channel " + layout + " image (input.layout is " + layout + ")");
        }
        int w = config.input().width();
        int h = config.input().height();
        if (config.input().sizeKnown()) {
            if ((width.isFixed() && width.value() != w) || (height.isFixed() && height.value() != h)) {
                throw new IllegalArgumentException(what + ": the config's input size " + w + "x" + h + " (width x height)"
                    + " does not match input '" + input.name() + "' of shape " + input.shapeText() + " (" + layout + ")");
            }
        } else if (width.isFixed() && height.isFixed()) {
            w = width.value();
            h = height.value();
        } else {
            throw new IllegalArgumentException(what + ": input '" + input.name() + "' has shape " + input.shapeText()
                + " with a symbolic height or width; set input.width and input.height in the config");
        }
        ModelConfig resolved = config.withInputSize(w, h);
        ModelConfig named = new ModelConfig(resolved.name(),
            new InputConfig(input.name(), layout, w, h), resolved.preprocessing(),
            new OutputConfig(output.name(), config.output().kind(), config.output().labelOffset()), resolved.batching(),
            resolved.instances(), resolved.intraOpThreads(), resolved.versionPolicy(), resolved.expectedSha256());
        int[] shape = nchw ? new int[] {1, 3, h, w} : new int[] {1, h, w, 3};
        return new ModelBinding(named, shape);
    }

    private static ValueSpec pickInput(String what, ModelSignature signature, InputConfig input) {
        if (input.name() != null) {
            return signature.input(input.name()).orElseThrow(() -> new IllegalArgumentException(what
                + ": config key input.name is '" + input.name() + "', but the model's inputs are " + names(signature.inputs())));
        }
        if (signature.inputs().size() != 1) {
            throw new IllegalArgumentException(what + ": the model has " + signature.inputs().size() + " inputs "
                + names(signature.inputs()) + "; set input.name in the config");
        }
        return signature.inputs().getFirst();
    }

    private static ValueSpec pickOutput(String what, ModelSignature signature, OutputConfig output) {
        if (output.name() != null) {
            return signature.output(output.name()).orElseThrow(() -> new IllegalArgumentException(what
                + ": config key output.name is '" + output.name() + "', but the model's outputs are "
                + names(signature.outputs())));
        }
        return signature.outputs().getFirst();
    }

    private static String names(List<ValueSpec> specs) {
        return specs.stream().map(ValueSpec::name).collect(Collectors.joining(", ", "[", "]"));
    }
}
