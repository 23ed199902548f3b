package io.lcnnserve.service.serving;

/** A profiling run is already in progress; profiling runs one at a time so timings are not skewed. */
public class ProfilerBusyException extends RuntimeException {
    public ProfilerBusyException(String model) {
        super("a profiling run is already in progress (requested for model '" + model
            + "'); profiles run one at a time, retry when it is done");
    }
}
