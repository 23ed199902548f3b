package io.lcnnserve.store.lifecycle;

import java.time.Instant;

/**
 * One version's state.
 *
 * @param sha256 the SHA-256 of the version's {@code model.onnx} (lower-case hex), once computed
 * @param error  why the version is FAILED; for a READY version whose files were changed in place and
 *               whose new content failed to load, why (the previous content keeps serving); else null
 * @param since  when the version entered this state
 */
public record VersionStatus(String model, long version, VersionState state, String sha256, String error,
                            Instant since) {
}
