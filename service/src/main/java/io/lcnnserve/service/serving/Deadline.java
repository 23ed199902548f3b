package io.lcnnserve.service.serving;

import java.time.Duration;

/** A point in (monotonic) time by which a request must be answered. */
public record Deadline(long atNanos, Duration budget) {

    public static Deadline after(Duration budget) {
        return new Deadline(System.nanoTime() + budget.toNanos(), budget);
    }

    public long remainingNanos() {
        return atNanos - System.nanoTime();
    }

    public boolean expired() {
        return remainingNanos() <= 0;
    }
}
