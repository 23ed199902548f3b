package io.lcnnserve.service.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The server's own settings ({@code lcnn.*}); every one can also be given as an environment
 * variable (e.g. {@code LCNN_MODEL_STORE}, {@code LCNN_MANAGEMENT_TOKEN}).
 *
 * @param modelStore           model repository: a directory, {@code file:} URL or {@code s3://bucket/prefix};
 *                             unset = the bundled {@code models/} directory (of the working directory or its parent)
 * @param pollInterval         how often the repository is checked for new or changed versions (0 = never)
 * @param warmupRuns           inferences each model version runs before it reports ready
 * @param defaultDeadline      deadline of a request that sends no {@code X-Request-Timeout-Ms} header
 * @param maxDeadline          largest deadline a client may ask for
 * @param drainTimeout         how long shutdown waits for queued requests to finish
 * @param managementToken      bearer token for the repository (load/unload/index) calls; unset = they are refused
 * @param strictReadiness      ready only when every model of the repository has a READY version (else: once loading is done)
 * @param limits               request size limits
 * @param profiling            per-layer profiling settings
 */
@ConfigurationProperties("lcnn")
public record LcnnProperties(
    String modelStore,
    Duration pollInterval,
    Integer warmupRuns,
    Duration defaultDeadline,
    Duration maxDeadline,
    Duration drainTimeout,
    String managementToken,
    Boolean strictReadiness,
    Limits limits,
    Profiling profiling) {

    public LcnnProperties {
        pollInterval = pollInterval == null ? Duration.ofSeconds(30) : pollInterval;
        warmupRuns = warmupRuns == null ? 2 : warmupRuns;
        defaultDeadline = defaultDeadline == null ? Duration.ofSeconds(10) : defaultDeadline;
        maxDeadline = maxDeadline == null ? Duration.ofSeconds(120) : maxDeadline;
        drainTimeout = drainTimeout == null ? Duration.ofSeconds(30) : drainTimeout;
        managementToken = managementToken == null || managementToken.isBlank() ? null : managementToken;
        strictReadiness = strictReadiness == null || strictReadiness;
        limits = limits == null ? new Limits(null, null, null, null) : limits;
        profiling = profiling == null ? new Profiling(null, null) : profiling;
    }

    /**
     * @param maxImageSize    largest raw image body or multipart image part
     * @param maxRequestSize  largest V2 inference request body
     * @param maxImagePixels  largest width x height an image header may declare (checked before decoding)
     * @param maxTopK         largest {@code topK} / {@code classification} count a client may ask for
     */
    public record Limits(DataSize maxImageSize, DataSize maxRequestSize, Long maxImagePixels, Integer maxTopK) {
        public Limits {
            maxImageSize = maxImageSize == null ? DataSize.ofMegabytes(16) : maxImageSize;
            maxRequestSize = maxRequestSize == null ? DataSize.ofMegabytes(64) : maxRequestSize;
            maxImagePixels = maxImagePixels == null ? 50_000_000L : maxImagePixels;
            maxTopK = maxTopK == null ? 100 : maxTopK;
        }
    }

    /**
     * @param sampleRate fraction of batches run with per-layer timing, feeding {@code lcnn_layer_duration_seconds}
     * @param maxRuns    most runs a {@code POST /v1/models/{model}/profile} call may ask for
     */
    public record Profiling(Double sampleRate, Integer maxRuns) {
        public Profiling {
            sampleRate = sampleRate == null ? 0.01 : sampleRate;
            maxRuns = maxRuns == null ? 1000 : maxRuns;
            if (sampleRate < 0 || sampleRate > 1) {
                throw new IllegalArgumentException("lcnn.profiling.sample-rate must be within 0..1, got " + sampleRate);
            }
        }
    }
}
