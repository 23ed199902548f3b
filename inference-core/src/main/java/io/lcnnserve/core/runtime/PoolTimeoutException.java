package io.lcnnserve.core.runtime;

import java.time.Duration;

/** No session of a {@link SessionPool} became free within the wait the caller allowed. */
public class PoolTimeoutException extends RuntimeException {
    public PoolTimeoutException(String model, int poolSize, Duration waited) {
        super("no session of model '" + model + "' became free within " + waited.toMillis() + " ms (all " + poolSize
            + " busy)");
    }
}
