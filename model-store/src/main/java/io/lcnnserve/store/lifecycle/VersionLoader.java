package io.lcnnserve.store.lifecycle;

import io.lcnnserve.core.ModelLoadException;
import io.lcnnserve.core.runtime.Model;
import io.lcnnserve.core.runtime.OnnxModels;
import io.lcnnserve.core.runtime.SessionOptions;
import io.lcnnserve.core.runtime.SessionPool;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import io.lcnnserve.store.config.ModelConfig;
import io.lcnnserve.store.repository.FetchedVersion;
import io.lcnnserve.store.repository.ModelRepository;
import io.lcnnserve.store.repository.RepositoryLayout;
import io.lcnnserve.store.repository.VersionListing;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Turns a listed version into a serving {@link LoadedModel}: size check, fetch to local disk with
 * SHA-256 of every file, the config's expected digest, import, binding of the config to the
 * model's input and output, warm-up on a zero image (checking the output is finite and matches the
 * labels), and a final check that the files did not change meanwhile.
 */
final class VersionLoader {
    private static final Duration WARMUP_WAIT = Duration.ofMinutes(1);

    private final ModelRepository repository;
    private final ModelManagerOptions options;
    private final Clock clock;

    VersionLoader(ModelRepository repository, ModelManagerOptions options, Clock clock) {
        this.repository = repository;
        this.options = options;
        this.clock = clock;
    }

    LoadedModel load(String name, VersionListing listing, ModelConfig config, List<String> labels)
        throws VersionLoadException {
        long version = listing.version();
        String what = "model '" + name + "' version " + version;
        if (listing.problem() != null) {
            throw failure(what + " is not loadable: " + listing.problem(), null, null);
        }
        if (listing.file(RepositoryLayout.MODEL_FILE).isEmpty()) {
            throw failure(what + " has no " + RepositoryLayout.MODEL_FILE, null, null);
        }
        if (listing.totalBytes() > options.maxModelBytes()) {
            throw failure(what + ": its files total " + listing.totalBytes() + " bytes, above the limit of "
                + options.maxModelBytes(), null, null);
        }
        FetchedVersion fetched;
        try {
            fetched = repository.fetch(name, listing, options.cacheDir());
        } catch (IOException e) {
            throw new VersionLoadException(what + ": cannot fetch its files from " + repository.location() + ": "
                + e.getMessage() + "; retried at the next scan", null, true, e);
        } catch (RuntimeException e) {
            throw failure(what + ": cannot fetch its files from " + repository.location() + ": " + e.getMessage(), null, e);
        }
        String sha256 = fetched.sha256().get(RepositoryLayout.MODEL_FILE);
        String expected = config.expectedSha256().get(version);
        if (expected != null && !expected.equals(sha256)) {
            throw failure(what + ": " + RepositoryLayout.MODEL_FILE + " SHA-256 mismatch: expected " + expected + ", actual "
                + sha256, sha256, null);
        }
        Model model;
        ModelBinding binding;
        try {
            model = OnnxModels.load(fetched.modelFile(), name + "/" + version, options.loadLimits());
            binding = ModelBinding.resolve(what, model.signature(), config);
        } catch (ModelLoadException | IllegalArgumentException e) {
            throw failure(e.getMessage().startsWith(what) ? e.getMessage() : what + ": " + e.getMessage(), sha256, e);
        }
        SessionPool pool = model.newPool(config.instances(),
            SessionOptions.defaults().withIntraOpThreads(config.intraOpThreads()));
        try {
            warmUp(what, pool, binding, labels);
        } catch (RuntimeException e) {
            pool.close();
            throw failure(what + ": " + e.getMessage(), sha256, e);
        }
        boolean unchanged;
        try {
            unchanged = repository.isUnchanged(name, listing);
        } catch (IOException e) {
            unchanged = false;
        }
        if (!unchanged) {
            pool.close();
            throw new VersionLoadException(what + ": its files changed while it was loading; it is retried at the next scan",
                sha256, true, null);
        }
        return new LoadedModel(name, version, binding.config(), labels, fetched.sha256(), model, pool, clock.instant());
    }

    private void warmUp(String what, SessionPool pool, ModelBinding binding, List<String> labels) {
        String input = binding.config().input().name();
        String output = binding.config().output().name();
        int labelOffset = binding.config().output().labelOffset();
        for (int run = 0; run < options.warmupRuns(); run++) {
            Map<String, Tensor> outputs;
            try {
                outputs = pool.run(Map.of(input, Tensor.zeros(DataType.FLOAT,
                    binding.warmupShape())), WARMUP_WAIT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("warm-up inference was interrupted", e);
            } catch (RuntimeException e) {
                throw new IllegalStateException("warm-up inference failed: " + e.getMessage(), e);
            }
            Tensor scores = outputs.get(output);
            for (int i = 0; i < scores.size(); i++) {
                if (!Double.isFinite(scores.getDouble(i))) {
                    throw new IllegalStateException("warm-up on a zero input gave a non-finite value (" + scores.getDouble(i)
                        + ") at index " + i + " of output '" + output + "'");
                }
            }
            if (!labels.isEmpty() && labelOffset + labels.size() != scores.size()) {
                throw new IllegalStateException("output '" + output + "' has " + scores.size() + " classes, but "
                    + RepositoryLayout.LABELS_FILE + " has " + labels.size() + " lines and output.labelOffset is "
                    + labelOffset + " (expected " + (labelOffset + labels.size()) + " classes)");
            }
        }
    }

    private static VersionLoadException failure(String message, String sha256, Throwable cause) {
        return new VersionLoadException(message, sha256, false, cause);
    }
}
