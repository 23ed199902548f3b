package io.lcnnserve.service.serving;

import java.time.Duration;

/** A request was not answered within its deadline; its work is abandoned. */
public class DeadlineExceededException extends RuntimeException {
    public DeadlineExceededException(String model, long version, Duration budget, String stage) {
        super("model '" + model + "' version " + version + " did not answer within the request's deadline of "
            + budget.toMillis() + " ms (" + stage + ")");
    }
}
