package io.lcnnserve.store.lifecycle;

import io.lcnnserve.core.onnx.LoadLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * How a {@link ModelManager} runs.
 *
 * @param pollInterval  how often the repository is rescanned; zero = never (rescan on request only)
 * @param warmupRuns    inferences on a zero input before a version takes traffic (0 = none)
 * @param maxModelBytes largest total size of one version's files, also the importer's file-size limit
 * @param cacheDir      where remote versions are downloaded to
 * @param controlMode   load every model, or only those asked for
 * @param startupModels models loaded by {@code start()} in {@link ModelControlMode#EXPLICIT} mode
 * @param settleTime    how long every file of a version must have been unmodified before the
 *                      version is visible (so a copy in progress is never loaded)
 * @param drainTimeout  how long {@code close()} waits for in-flight requests
 */
public record ModelManagerOptions(Duration pollInterval, int warmupRuns, long maxModelBytes, Path cacheDir,
                                  ModelControlMode controlMode, Set<String> startupModels, Duration settleTime,
                                  Duration drainTimeout) {

    public ModelManagerOptions {
        if (pollInterval.isNegative() || settleTime.isNegative() || drainTimeout.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative: poll " + pollInterval + ", settle "
                + settleTime + ", drain " + drainTimeout);
        }
        if (warmupRuns < 0 || maxModelBytes < 1) {
            throw new IllegalArgumentException("warmupRuns must be >= 0 and maxModelBytes >= 1, got " + warmupRuns + " and "
                + maxModelBytes);
        }
        startupModels = Set.copyOf(startupModels);
    }

    public static ModelManagerOptions defaults() {
        return new ModelManagerOptions(Duration.ZERO, 2, 1L << 30,
            Path.of(System.getProperty("java.io.tmpdir"), "lcnn-serve-model-cache"), ModelControlMode.LOAD_ALL, Set.of(),
            Duration.ofSeconds(2), Duration.ofSeconds(30));
    }

    /** The importer's limits: files and total weights no larger than {@link #maxModelBytes}. */
    public LoadLimits loadLimits() {
        LoadLimits d = LoadLimits.defaults();
        return new LoadLimits(Math.min(d.maxModelBytes(), maxModelBytes), d.maxTensorElements(),
            Math.min(d.maxWeightBytes(), maxModelBytes));
    }

    public ModelManagerOptions withPollInterval(Duration value) {
        return new ModelManagerOptions(value, warmupRuns, maxModelBytes, cacheDir, controlMode, startupModels, settleTime,
            drainTimeout);
    }

    public ModelManagerOptions withWarmupRuns(int value) {
        return new ModelManagerOptions(pollInterval, value, maxModelBytes, cacheDir, controlMode, startupModels, settleTime,
            drainTimeout);
    }

    public ModelManagerOptions withMaxModelBytes(long value) {
        return new ModelManagerOptions(pollInterval, warmupRuns, value, cacheDir, controlMode, startupModels, settleTime,
            drainTimeout);
    }

    public ModelManagerOptions withCacheDir(Path value) {
        return new ModelManagerOptions(pollInterval, warmupRuns, maxModelBytes, value, controlMode, startupModels, settleTime,
            drainTimeout);
    }

    public ModelManagerOptions withControlMode(ModelControlMode mode, Set<String> models) {
        return new ModelManagerOptions(pollInterval, warmupRuns, maxModelBytes, cacheDir, mode, models, settleTime,
            drainTimeout);
    }

    public ModelManagerOptions withSettleTime(Duration value) {
        return new ModelManagerOptions(pollInterval, warmupRuns, maxModelBytes, cacheDir, controlMode, startupModels, value,
            drainTimeout);
    }

    public ModelManagerOptions withDrainTimeout(Duration value) {
        return new ModelManagerOptions(pollInterval, warmupRuns, maxModelBytes, cacheDir, controlMode, startupModels,
            settleTime, value);
    }
}
