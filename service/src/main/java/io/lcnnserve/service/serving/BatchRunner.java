package io.lcnnserve.service.serving;

import io.lcnnserve.core.tensor.Tensor;
import java.util.Map;

/** Runs one assembled batch: named inputs with the batch along axis 0, all outputs by name. */
@FunctionalInterface
public interface BatchRunner {
    Map<String, Tensor> run(Map<String, Tensor> inputs) throws InterruptedException;
}
