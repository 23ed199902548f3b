package io.lcnnserve.store.lifecycle;

import java.time.Instant;

/**
 * A version changed state. A READY -> READY event means the version's files changed in place and
 * were reloaded ({@code error} null) or failed to reload while the previous content keeps serving
 * ({@code error} says why).
 */
public record ModelEvent(String model, long version, VersionState from, VersionState to, String error, Instant at) {
}
