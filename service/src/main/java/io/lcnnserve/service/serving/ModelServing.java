package io.lcnnserve.service.serving;

import io.lcnnserve.service.config.LcnnProperties;
import io.lcnnserve.service.metrics.ServingMetrics;
import io.lcnnserve.store.lifecycle.Lease;
import io.lcnnserve.store.lifecycle.LoadedModel;
import io.lcnnserve.store.lifecycle.ModelEvent;
import io.lcnnserve.store.lifecycle.ModelManager;
import io.lcnnserve.store.lifecycle.ModelManagerOptions;
import io.lcnnserve.store.lifecycle.ModelStatus;
import io.lcnnserve.store.lifecycle.VersionState;
import io.lcnnserve.store.lifecycle.VersionStatus;
import io.lcnnserve.store.repository.ModelRepositories;
import io.lcnnserve.store.repository.ModelRepository;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Connects the model store to the serving machinery: opens the repository, loads it in the
 * background (the server listens meanwhile and reports not ready), keeps one
 * {@link VersionServer} per loaded version, and hands requests a leased, queue-admitted version.
 *
 * <p>Runs in a lifecycle phase below the web server's, so it starts before the server listens and
 * stops only after the server's graceful shutdown: then every queue drains, the store releases its
 * versions, and the process exits.
 */
@Component
public class ModelServing implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(ModelServing.class);
    private static final List<String> STATES = Arrays.stream(VersionState.values()).map(Enum::name).toList();

    private final LcnnProperties properties;
    private final ServingMetrics metrics;
    private final Map<LoadedModel, VersionServer> servers = new ConcurrentHashMap<>();
    private final Map<String, VersionState> states = new ConcurrentHashMap<>();

    private volatile ModelManager manager;
    private volatile String location;
    private volatile boolean initialLoadDone;
    private volatile String startupError;
    private volatile boolean running;

    public ModelServing(LcnnProperties properties, ServingMetrics metrics) {
        this.properties = properties;
        this.metrics = metrics;
    }

    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }

    @Override
    public void start() {
        initialLoadDone = false;
        startupError = null;
        location = ModelStoreLocation.resolve(properties.modelStore(), Path.of("").toAbsolutePath());
        ModelRepository repository = ModelRepositories.open(location);
        ModelManagerOptions options = ModelManagerOptions.defaults()
            .withPollInterval(properties.pollInterval())
            .withWarmupRuns(properties.warmupRuns())
            .withDrainTimeout(properties.drainTimeout());
        manager = new ModelManager(repository, options);
        manager.addListener(this::onEvent);
        running = true;
        log.info("model store: {} (poll interval {})", location, properties.pollInterval());
        Thread.ofPlatform().name("lcnn-model-loader").daemon(true).start(this::loadAll);
    }

    private void loadAll() {
        long start = System.nanoTime();
        try {
            manager.start();
            for (ModelStatus status : manager.models()) {
                for (VersionStatus v : status.versions()) {
                    if (v.state() == VersionState.READY) {
                        log.info("model {} version {} READY (sha256 {})", v.model(), v.version(), v.sha256());
                    } else {
                        log.warn("model {} version {} {}: {}", v.model(), v.version(), v.state(), v.error());
                    }
                }
                if (status.configError() != null) {
                    log.warn("model {}: {}", status.name(), status.configError());
                }
            }
            log.info("model store loaded in {} ms: {} models, {} ready", (System.nanoTime() - start) / 1_000_000,
                manager.models().size(), manager.models().stream().filter(ModelStatus::available).count());
        } catch (RuntimeException e) {
            startupError = "loading the model store " + location + " failed: " + e.getMessage();
            log.error(startupError, e);
        } finally {
            initialLoadDone = true;
        }
    }

    private void onEvent(ModelEvent event) {
        String key = event.model() + "@" + event.version();
        if (states.put(key, event.to()) == null) {
            metrics.registerLoadFailures(event.model());
            metrics.modelStateGauges(event.model(), event.version(), STATES,
                () -> Optional.ofNullable(states.get(key)).map(Enum::name).orElse(""));
        }
        if (event.to() == VersionState.FAILED || (event.to() == VersionState.READY && event.error() != null)) {
            metrics.loadFailure(event.model());
        }
        retireStaleServers(event.model(), event.version());
        if (event.to() == VersionState.READY && manager != null) {
            manager.ready(event.model(), event.version()).ifPresent(this::serverFor);
        }
    }

    /** Closes (after draining) the servers of versions the store no longer serves under that number. */
    private void retireStaleServers(String model, long version) {
        ModelManager current = manager;
        LoadedModel serving = current == null ? null : current.ready(model, version).orElse(null);
        List<VersionServer> stale = new ArrayList<>();
        servers.entrySet().removeIf(e -> {
            LoadedModel loaded = e.getKey();
            boolean retire = loaded.name().equals(model) && loaded.version() == version && loaded != serving;
            if (retire) {
                stale.add(e.getValue());
            }
            return retire;
        });
        if (!stale.isEmpty()) {
            Thread.ofPlatform().name("lcnn-drain-" + model + "-v" + version).daemon(true)
                .start(() -> stale.forEach(s -> s.close(properties.drainTimeout())));
        }
    }

    private VersionServer serverFor(LoadedModel loaded) {
        VersionServer server = servers.computeIfAbsent(loaded,
            l -> new VersionServer(l, metrics, properties.profiling().sampleRate()));
        if (!loaded.isServing() && servers.remove(loaded, server)) {
            server.close(properties.drainTimeout());
        }
        return server;
    }

    /**
     * A version of {@code model} ready to take one request: leased (so it is not released
     * mid-request) and with a queue slot reserved. Close it when the request is done.
     *
     * @param version a specific version, or null for the newest ready one
     * @throws ModelNotFoundException  if there is no such model or version
     * @throws ModelNotReadyException  if it exists but is not serving
     * @throws QueueFullException      if its queue is full
     */
    public Admission admit(String model, Long version) {
        ModelManager m = requireManager();
        while (true) {
            Optional<LoadedModel> loaded = version == null ? m.ready(model) : m.ready(model, version);
            if (loaded.isEmpty()) {
                throw notServing(model, version);
            }
            Optional<Lease> lease = loaded.get().tryAcquire();
            if (lease.isEmpty()) {
                continue;
            }
            VersionServer server = serverFor(loaded.get());
            try {
                return new Admission(server, lease.get(), server.batcher().reserve());
            } catch (ModelNotReadyException retiredMeanwhile) {
                lease.get().close();
                if (loaded.get().isServing()) {
                    throw retiredMeanwhile;
                }
            } catch (RuntimeException e) {
                lease.get().close();
                throw e;
            }
        }
    }

    /**
     * A ready version for a request that does not run through the queue (metadata, profiling).
     *
     * @throws ModelNotFoundException if there is no such model or version
     * @throws ModelNotReadyException if it exists but is not serving
     */
    public VersionServer server(String model, Long version) {
        ModelManager m = requireManager();
        Optional<LoadedModel> loaded = version == null ? m.ready(model) : m.ready(model, version);
        return serverFor(loaded.orElseThrow(() -> notServing(model, version)));
    }

    /** A request's hold on a version: its lease and its queue slot. */
    public record Admission(VersionServer server, Lease lease, DynamicBatcher.Reservation reservation)
        implements AutoCloseable {
        @Override
        public void close() {
            try {
                reservation.close();
            } finally {
                lease.close();
            }
        }
    }

    private RuntimeException notServing(String model, Long version) {
        if (!initialLoadDone) {
            return new ModelNotReadyException("the model store is still loading; model '" + model + "' is not ready yet");
        }
        Optional<ModelStatus> status = requireManager().model(model);
        if (status.isEmpty()) {
            return new ModelNotFoundException("model '" + model + "' is not in the repository; available models: "
                + manager.models().stream().map(ModelStatus::name).collect(Collectors.joining(", ", "[", "]")));
        }
        List<VersionStatus> versions = status.get().versions();
        if (!versions.isEmpty() && versions.stream().allMatch(v -> v.state() == VersionState.UNLOADED)) {
            return new ModelNotFoundException("model '" + model + "' is unloaded; load it with POST /v2/repository/models/"
                + model + "/load");
        }
        if (version == null) {
            String detail = versions.isEmpty()
                ? (status.get().configError() != null ? status.get().configError() : "it has no versions")
                : versions.stream().map(ModelServing::describe).collect(Collectors.joining("; "));
            return new ModelNotReadyException("model '" + model + "' has no ready version: " + detail);
        }
        Optional<VersionStatus> v = status.get().version(version);
        if (v.isEmpty()) {
            return new ModelNotFoundException("model '" + model + "' has no version " + version + "; its versions are "
                + versions.stream().map(s -> Long.toString(s.version())).collect(Collectors.joining(", ", "[", "]")));
        }
        return new ModelNotReadyException("model '" + model + "' " + describe(v.get()));
    }

    private static String describe(VersionStatus v) {
        return "version " + v.version() + " is " + v.state() + (v.error() == null ? "" : ": " + v.error());
    }

    /** Every model the store knows, with its versions' states. */
    public List<ModelStatus> models() {
        ModelManager m = manager;
        return m == null ? List.of() : m.models();
    }

    public Optional<ModelStatus> model(String name) {
        ModelManager m = manager;
        return m == null ? Optional.empty() : m.model(name);
    }

    /** The servers of the versions serving now (for statistics). */
    public List<VersionServer> servers() {
        return servers.values().stream().filter(s -> s.loaded().isServing()).toList();
    }

    public ModelManager manager() {
        return requireManager();
    }

    public String location() {
        return location;
    }

    /**
     * Ready to serve: the initial load finished and, with strict readiness, every model of the
     * repository has a READY version.
     */
    public boolean isReady() {
        if (!initialLoadDone || startupError != null || manager == null) {
            return false;
        }
        return !properties.strictReadiness() || manager.models().stream().allMatch(ModelServing::satisfied);
    }

    /** Why the server is not ready, or null when it is. */
    public String notReadyReason() {
        if (startupError != null) {
            return startupError;
        }
        if (!initialLoadDone || manager == null) {
            return "the model store " + location + " is still loading";
        }
        if (!properties.strictReadiness()) {
            return null;
        }
        String missing = manager.models().stream().filter(s -> !satisfied(s)).map(ModelStatus::name)
            .collect(Collectors.joining(", "));
        return missing.isEmpty() ? null : "models without a ready version: " + missing;
    }

    /** A model counts as fine when it serves, or when every version was deliberately unloaded. */
    private static boolean satisfied(ModelStatus status) {
        return status.available() || (!status.versions().isEmpty() && status.configError() == null
            && status.versions().stream().allMatch(v -> v.state() == VersionState.UNLOADED));
    }

    public boolean initialLoadDone() {
        return initialLoadDone;
    }

    private ModelManager requireManager() {
        ModelManager m = manager;
        if (m == null) {
            throw new ModelNotReadyException("the model store is not open");
        }
        return m;
    }

    @Override
    public void stop() {
        running = false;
        List<VersionServer> all = new ArrayList<>(servers.values());
        servers.clear();
        long until = System.nanoTime() + properties.drainTimeout().toNanos();
        for (VersionServer server : all) {
            server.close(Duration.ofNanos(Math.max(0, until - System.nanoTime())));
        }
        if (manager != null) {
            manager.close();
        }
        log.info("model serving stopped: {} versions drained", all.size());
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
