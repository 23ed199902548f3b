package io.lcnnserve.store.lifecycle;

import io.lcnnserve.store.config.ModelConfig;
import io.lcnnserve.store.config.ModelConfigException;
import io.lcnnserve.store.config.ModelConfigParser;
import io.lcnnserve.store.config.VersionPolicy;
import io.lcnnserve.store.repository.ModelListing;
import io.lcnnserve.store.repository.ModelRepository;
import io.lcnnserve.store.repository.RepositoryFile;
import io.lcnnserve.store.repository.RepositoryLayout;
import io.lcnnserve.store.repository.VersionListing;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Decides which model versions serve, and keeps that true as the repository changes.
 *
 * <p>Each scan ({@link #start()}, {@link #rescan()}, the poller, {@link #load(String)}) lists every
 * watched model, reads its config and labels when they changed, and applies the model's version
 * policy: wanted versions that are not loaded are loaded and warmed up, and only then do versions
 * no longer wanted stop taking new requests; those are released once their in-flight requests
 * finish. A version that fails keeps its error in the status and is retried only when its files
 * (or the model's config or labels) change; with a "latest N" policy an older version keeps
 * serving in its place. A bad config leaves serving versions serving and fails versions that would
 * need it. Scans run one at a time; {@link #ready} and {@link #acquire} never wait for a scan.
 *
 * <p>A version is visible only when complete (see {@link RepositoryLayout}): it has
 * {@code model.onnx}, no file named like an unfinished copy, and no file modified within the last
 * {@link ModelManagerOptions#settleTime()}.
 */
public final class ModelManager implements AutoCloseable {
    static final long MAX_CONFIG_BYTES = 1L << 20;
    static final long MAX_LABELS_BYTES = 16L << 20;
    private static final int START_SETTLE_ATTEMPTS = 5;
    private static final System.Logger LOG = System.getLogger(ModelManager.class.getName());

    private final ModelRepository repository;
    private final ModelManagerOptions options;
    private final Clock clock;
    private final VersionLoader loader;
    private final List<ModelEventListener> listeners = new CopyOnWriteArrayList<>();

    /** Serializes scans and explicit load/unload requests. */
    private final Object scanLock = new Object();
    /** Guards every entry's and slot's mutable state. */
    private final Object stateLock = new Object();
    private final Map<String, ModelEntry> models = new TreeMap<>();
    private final Set<String> requested = new HashSet<>();
    private final Set<String> unloadedOnRequest = new HashSet<>();

    private ScheduledExecutorService poller;
    private boolean started;
    private volatile boolean closed;

    public ModelManager(ModelRepository repository, ModelManagerOptions options) {
        this(repository, options, Clock.systemUTC());
    }

    ModelManager(ModelRepository repository, ModelManagerOptions options, Clock clock) {
        this.repository = repository;
        this.options = options;
        this.clock = clock;
        this.loader = new VersionLoader(repository, options, clock);
    }

    public ModelRepository repository() {
        return repository;
    }

    public ModelManagerOptions options() {
        return options;
    }

    /**
     * Scans the repository and loads what the control mode and version policies ask for, returning
     * when every such version is READY or FAILED; then starts the poller if one is configured.
     */
    public void start() {
        synchronized (scanLock) {
            checkOpen();
            if (started) {
                throw new IllegalStateException("model manager for " + repository.location() + " is already started");
            }
            checkStartable();
            started = true;
            if (options.controlMode() == ModelControlMode.EXPLICIT) {
                requested.addAll(options.startupModels());
            }
            // Versions still being written are not visible yet; give them the settle time to finish.
            for (int attempt = 0; scanAll() && attempt < START_SETTLE_ATTEMPTS; attempt++) {
                pause(options.settleTime());
            }
        }
        if (!options.pollInterval().isZero()) {
            poller = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "model-repository-poller");
                t.setDaemon(true);
                return t;
            });
            long millis = Math.max(1, options.pollInterval().toMillis());
            poller.scheduleWithFixedDelay(this::poll, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * A repository that cannot be listed, or a startup model that is not in it, is a configuration
     * error: fail now rather than serve nothing. (Later scans tolerate outages and keep the state.)
     */
    private void checkStartable() {
        try {
            if (options.controlMode() == ModelControlMode.LOAD_ALL) {
                repository.modelNames();
                return;
            }
            for (String model : options.startupModels()) {
                if (repository.list(RepositoryLayout.checkModelName(model)).isEmpty()) {
                    throw new ModelNotFoundException("startup model '" + model + "' is not in " + repository.location());
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list the model repository " + repository.location() + ": "
                + e.getMessage(), e);
        }
    }

    /** Looks for changes now: new, changed and removed versions, configs and labels. */
    public void rescan() {
        synchronized (scanLock) {
            checkOpen();
            scanAll();
        }
    }

    /**
     * Loads a model now (after an {@link #unload}, or in explicit mode), re-reading its config and
     * retrying its failed versions even if nothing changed.
     *
     * @throws ModelNotFoundException if the repository has no such model
     */
    public void load(String model) {
        RepositoryLayout.checkModelName(model);
        synchronized (scanLock) {
            checkOpen();
            Optional<ModelListing> listing;
            try {
                listing = repository.list(model);
            } catch (IOException e) {
                throw new IllegalStateException("cannot list model '" + model + "' in " + repository.location() + ": "
                    + e.getMessage(), e);
            }
            if (listing.isEmpty()) {
                throw new ModelNotFoundException("no model '" + model + "' in " + repository.location());
            }
            unloadedOnRequest.remove(model);
            requested.add(model);
            scanModel(model, listing.get(), true);
        }
    }

    /**
     * Unloads every version of a model: it stops taking requests at once and is released when its
     * in-flight requests finish. It stays unloaded until {@link #load}.
     *
     * @throws ModelNotFoundException if the manager does not know the model
     */
    public void unload(String model) {
        RepositoryLayout.checkModelName(model);
        synchronized (scanLock) {
            checkOpen();
            ModelEntry entry;
            synchronized (stateLock) {
                entry = models.get(model);
            }
            if (entry == null) {
                throw new ModelNotFoundException("model '" + model + "' is not loaded from " + repository.location());
            }
            requested.remove(model);
            unloadedOnRequest.add(model);
            unloadAll(entry);
        }
    }

    /** Every model the manager knows, by name. */
    public List<ModelStatus> models() {
        synchronized (stateLock) {
            return models.values().stream().map(this::status).toList();
        }
    }

    public Optional<ModelStatus> model(String name) {
        synchronized (stateLock) {
            return Optional.ofNullable(models.get(name)).map(this::status);
        }
    }

    /** The newest READY version of a model. */
    public Optional<LoadedModel> ready(String model) {
        ModelEntry entry = entry(model);
        if (entry == null) {
            return Optional.empty();
        }
        Map.Entry<Long, LoadedModel> newest = entry.serving.lastEntry();
        return newest == null ? Optional.empty() : Optional.of(newest.getValue());
    }

    /** A specific version, if READY. */
    public Optional<LoadedModel> ready(String model, long version) {
        ModelEntry entry = entry(model);
        return entry == null ? Optional.empty() : Optional.ofNullable(entry.serving.get(version));
    }

    /**
     * A lease on the newest READY version, taken so that it cannot miss a version swap: if the
     * version is retired between look-up and lease, the new one is taken.
     */
    public Optional<Lease> acquire(String model) {
        while (true) {
            Optional<LoadedModel> current = ready(model);
            if (current.isEmpty()) {
                return Optional.empty();
            }
            Optional<Lease> lease = current.get().tryAcquire();
            if (lease.isPresent()) {
                return lease;
            }
            Thread.onSpinWait();
        }
    }

    /** A lease on a specific READY version. */
    public Optional<Lease> acquire(String model, long version) {
        return ready(model, version).flatMap(LoadedModel::tryAcquire);
    }

    public void addListener(ModelEventListener listener) {
        listeners.add(listener);
    }

    public void removeListener(ModelEventListener listener) {
        listeners.remove(listener);
    }

    /**
     * Stops polling and unloads everything, waiting up to the drain timeout for in-flight requests;
     * versions still busy after that are released anyway.
     */
    @Override
    public void close() {
        if (poller != null) {
            poller.shutdownNow();
        }
        synchronized (scanLock) {
            if (closed) {
                return;
            }
            closed = true;
            List<ModelEntry> entries;
            synchronized (stateLock) {
                entries = new ArrayList<>(models.values());
            }
            List<LoadedModel> draining = new ArrayList<>();
            entries.forEach(entry -> draining.addAll(unloadAll(entry)));
            synchronized (stateLock) {
                entries.forEach(e -> e.versions.values().forEach(s -> {
                    if (s.draining != null) {
                        draining.add(s.draining);
                    }
                }));
            }
            awaitDrained(draining);
        }
    }

    private void awaitDrained(List<LoadedModel> draining) {
        long deadline = System.nanoTime() + options.drainTimeout().toNanos();
        for (LoadedModel model : draining) {
            while (model.inFlight() > 0 && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (model.inFlight() > 0) {
                LOG.log(Level.WARNING, "releasing {0} version {1} with {2} requests still in flight after {3}",
                    model.name(), model.version(), model.inFlight(), options.drainTimeout());
            }
            model.forceRelease();
        }
    }

    private void poll() {
        try {
            rescan();
        } catch (IllegalStateException e) {
            if (!closed) {
                LOG.log(Level.WARNING, "model repository poll failed: " + e.getMessage(), e);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "model repository poll failed: " + e.getMessage(), e);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("model manager for " + repository.location() + " is closed");
        }
    }

    // ---- scanning (always under scanLock) ----

    /** Scans every watched model; returns whether some version was left out because it is still being written. */
    private boolean scanAll() {
        Set<String> names = new TreeSet<>();
        synchronized (stateLock) {
            names.addAll(models.keySet());
        }
        if (options.controlMode() == ModelControlMode.LOAD_ALL) {
            try {
                names.addAll(repository.modelNames());
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "cannot list the models in " + repository.location()
                    + "; keeping the current state: " + e.getMessage(), e);
                return false;
            }
        } else {
            names.addAll(requested);
        }
        boolean unsettled = false;
        for (String name : names) {
            if (!watched(name)) {
                continue;
            }
            try {
                Optional<ModelListing> listing = repository.list(name);
                if (listing.isPresent()) {
                    unsettled |= scanModel(name, listing.get(), false);
                } else {
                    removeModel(name);
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "scan of model '" + name + "' failed; keeping its current state: " + e.getMessage(), e);
                ModelEntry entry = entryOrCreate(name);
                synchronized (stateLock) {
                    entry.configError = "cannot list the model in " + repository.location() + ": " + e.getMessage();
                }
            }
        }
        return unsettled;
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(Math.max(1, duration.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean watched(String model) {
        return options.controlMode() == ModelControlMode.LOAD_ALL ? !unloadedOnRequest.contains(model)
            : requested.contains(model);
    }

    /** Brings one model up to date; returns whether some version was left out because it is still being written. */
    private boolean scanModel(String name, ModelListing listing, boolean force) {
        ModelEntry entry = entryOrCreate(name);
        synchronized (stateLock) {
            entry.gone = false;
        }
        ModelFiles files = readModelFiles(entry, listing, force);
        Instant now = clock.instant();
        NavigableMap<Long, VersionListing> visible = new TreeMap<>();
        boolean unsettled = false;
        for (VersionListing v : listing.versions().values()) {
            if (isComplete(v, now)) {
                visible.put(v.version(), v);
            } else {
                unsettled |= !v.files().isEmpty();
            }
        }
        Set<Long> present = listing.versions().keySet();
        synchronized (stateLock) {
            entry.configError = files.error;
            if (files.config != null) {
                entry.config = files.config;
            }
            for (VersionSlot slot : entry.versions.values()) {
                slot.present = present.contains(slot.version);
            }
        }
        if (files.error != null) {
            failWaitingVersions(entry, visible, files);
        } else {
            applyPolicy(entry, visible, files, force);
        }
        dropRemovedVersions(entry);
        return unsettled;
    }

    /** The model's config and labels, re-read only when their files changed (or on request). */
    private ModelFiles readModelFiles(ModelEntry entry, ModelListing listing, boolean force) {
        String fingerprint = listing.problem() != null ? "invalid:" + listing.problem() : listing.modelFilesFingerprint();
        synchronized (stateLock) {
            if (!force && entry.files != null && entry.files.fingerprint.equals(fingerprint)) {
                return entry.files;
            }
        }
        ModelFiles files;
        if (listing.problem() != null) {
            files = ModelFiles.failed(fingerprint, listing.problem());
        } else {
            try {
                ModelConfig config = listing.config() == null ? ModelConfig.defaults(entry.name)
                    : ModelConfigParser.parse(repository.location() + "/" + entry.name + "/" + listing.config().path(),
                        repository.read(entry.name, listing.config(), MAX_CONFIG_BYTES), entry.name);
                List<String> labels = listing.labels() == null ? List.of() : readLabels(entry.name, listing.labels());
                files = new ModelFiles(fingerprint, config, labels, null);
            } catch (ModelConfigException e) {
                files = ModelFiles.failed(fingerprint, e.getMessage());
            } catch (IOException | RuntimeException e) {
                // Possibly transient: a fingerprint of its own makes the next scan read the files again.
                files = ModelFiles.failed(fingerprint + "#unreadable@" + clock.instant(), "cannot read the files of model '"
                    + entry.name + "': " + e.getMessage());
            }
        }
        synchronized (stateLock) {
            entry.files = files;
        }
        if (files.error != null) {
            LOG.log(Level.WARNING, files.error);
        }
        return files;
    }

    private List<String> readLabels(String model, RepositoryFile file) throws IOException {
        byte[] bytes = repository.read(model, file, MAX_LABELS_BYTES);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IOException(repository.location() + "/" + model + "/" + file.path() + " is not UTF-8 text", e);
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\r?\n", -1)));
        if (!lines.isEmpty() && lines.getLast().isEmpty()) {
            lines.removeLast();
        }
        return List.copyOf(lines);
    }

    private boolean isComplete(VersionListing v, Instant now) {
        if (v.problem() != null) {
            return true;
        }
        if (v.files().isEmpty()) {
            return false;
        }
        Instant settledBefore = now.minus(options.settleTime());
        for (RepositoryFile f : v.files()) {
            if (RepositoryLayout.isUnfinishedCopy(f.path()) || f.lastModified().isAfter(settledBefore)) {
                return false;
            }
        }
        return true;
    }

    /** With an unusable config nothing new can load: versions not serving are failed with the config's error. */
    private void failWaitingVersions(ModelEntry entry, NavigableMap<Long, VersionListing> visible, ModelFiles files) {
        for (VersionListing v : visible.values()) {
            VersionSlot slot = slot(entry, v.version());
            String attempt = v.fingerprint() + "#" + files.fingerprint;
            synchronized (stateLock) {
                if (slot.state == VersionState.READY || attempt.equals(slot.attempted)) {
                    continue;
                }
                slot.attempted = attempt;
            }
            transition(entry, slot, VersionState.FAILED, "model '" + entry.name + "' cannot load: " + files.error);
        }
    }

    private void applyPolicy(ModelEntry entry, NavigableMap<Long, VersionListing> visible, ModelFiles files,
                             boolean force) {
        VersionPolicy policy = files.config.versionPolicy();
        // A serving version whose files are being rewritten stays as it is until they settle.
        NavigableMap<Long, VersionListing> candidates = new TreeMap<>(visible);
        synchronized (stateLock) {
            for (VersionSlot slot : entry.versions.values()) {
                if (slot.state == VersionState.READY && slot.present && !candidates.containsKey(slot.version)) {
                    candidates.put(slot.version, null);
                }
            }
        }
        Set<Long> wanted = new TreeSet<>();
        switch (policy) {
            case VersionPolicy.Latest latest -> {
                for (Long version : candidates.descendingKeySet()) {
                    if (wanted.size() == latest.n()) {
                        break;
                    }
                    if (ensureReady(entry, version, candidates.get(version), files, force)) {
                        wanted.add(version);
                    }
                }
            }
            case VersionPolicy.Specific specific -> {
                for (Long version : specific.versions()) {
                    if (candidates.containsKey(version) && ensureReady(entry, version, candidates.get(version), files, force)) {
                        wanted.add(version);
                    }
                }
            }
            case VersionPolicy.All all -> {
                for (Long version : candidates.keySet()) {
                    if (ensureReady(entry, version, candidates.get(version), files, force)) {
                        wanted.add(version);
                    }
                }
            }
        }
        List<VersionSlot> retiring = new ArrayList<>();
        synchronized (stateLock) {
            for (Long version : visible.keySet()) {
                slot(entry, version);
            }
            for (VersionSlot slot : entry.versions.values()) {
                if (slot.state == VersionState.READY && !wanted.contains(slot.version)) {
                    retiring.add(slot);
                }
            }
        }
        retiring.forEach(slot -> unloadVersion(entry, slot));
    }

    /**
     * Makes a version READY if it can be: keeps an unchanged READY version, reloads a changed one
     * (the old content serving until the new is ready), loads a new one, and leaves a FAILED one
     * alone until its files change. Returns whether the version is READY afterwards.
     */
    private boolean ensureReady(ModelEntry entry, long version, VersionListing listing, ModelFiles files, boolean force) {
        VersionSlot slot = slot(entry, version);
        VersionState state;
        String attempted;
        synchronized (stateLock) {
            state = slot.state;
            attempted = slot.attempted;
        }
        if (listing == null) {
            return state == VersionState.READY;
        }
        String attempt = listing.fingerprint() + "#" + files.fingerprint;
        if (state == VersionState.READY) {
            if (!attempt.equals(attempted)) {
                reloadReady(entry, slot, listing, files, attempt);
            }
            return true;
        }
        if (state == VersionState.FAILED && attempt.equals(attempted) && !force) {
            return false;
        }
        transition(entry, slot, VersionState.LOADING, null);
        try {
            LoadedModel loaded = loader.load(entry.name, listing, files.config, files.labels);
            synchronized (stateLock) {
                slot.instance = loaded;
                slot.sha256 = loaded.sha256();
                slot.attempted = attempt;
                publishServing(entry);
            }
            transition(entry, slot, VersionState.READY, null);
            return true;
        } catch (VersionLoadException e) {
            synchronized (stateLock) {
                slot.sha256 = e.sha256();
                slot.attempted = e.retryable() ? null : attempt;
            }
            transition(entry, slot, VersionState.FAILED, e.getMessage());
            return false;
        }
    }

    private void reloadReady(ModelEntry entry, VersionSlot slot, VersionListing listing, ModelFiles files, String attempt) {
        try {
            LoadedModel loaded = loader.load(entry.name, listing, files.config, files.labels);
            LoadedModel previous;
            synchronized (stateLock) {
                previous = slot.instance;
                slot.instance = loaded;
                slot.sha256 = loaded.sha256();
                slot.attempted = attempt;
                publishServing(entry);
            }
            previous.retire(() -> { });
            transition(entry, slot, VersionState.READY, null);
        } catch (VersionLoadException e) {
            String error;
            synchronized (stateLock) {
                slot.attempted = e.retryable() ? null : attempt;
                error = "its files changed but the new content failed to load; still serving the previous content (sha256 "
                    + slot.sha256 + "): " + e.getMessage();
            }
            transition(entry, slot, VersionState.READY, error);
        }
    }

    private void unloadVersion(ModelEntry entry, VersionSlot slot) {
        LoadedModel instance;
        synchronized (stateLock) {
            instance = slot.instance;
            slot.instance = null;
            slot.draining = instance;
            slot.attempted = null;
            publishServing(entry);
        }
        transition(entry, slot, VersionState.UNLOADING, null);
        instance.retire(() -> drained(entry, slot, instance));
    }

    private void drained(ModelEntry entry, VersionSlot slot, LoadedModel instance) {
        boolean unloaded;
        synchronized (stateLock) {
            unloaded = slot.state == VersionState.UNLOADING && slot.draining == instance;
            if (slot.draining == instance) {
                slot.draining = null;
            }
        }
        if (unloaded) {
            transition(entry, slot, VersionState.UNLOADED, null);
        }
        forgetRemoved(entry);
    }

    /** Unloads every version; returns the instances now draining. */
    private List<LoadedModel> unloadAll(ModelEntry entry) {
        List<VersionSlot> serving = new ArrayList<>();
        List<VersionSlot> failed = new ArrayList<>();
        synchronized (stateLock) {
            for (VersionSlot slot : entry.versions.values()) {
                if (slot.state == VersionState.READY) {
                    serving.add(slot);
                } else if (slot.state == VersionState.FAILED) {
                    failed.add(slot);
                }
            }
        }
        List<LoadedModel> draining = new ArrayList<>();
        for (VersionSlot slot : serving) {
            synchronized (stateLock) {
                draining.add(slot.instance);
            }
            unloadVersion(entry, slot);
        }
        for (VersionSlot slot : failed) {
            synchronized (stateLock) {
                slot.attempted = null;
            }
            transition(entry, slot, VersionState.UNLOADED, null);
        }
        return draining;
    }

    /** The model's directory is gone: unload everything and forget it once drained. */
    private void removeModel(String name) {
        ModelEntry entry = entry(name);
        if (entry == null) {
            return;
        }
        synchronized (stateLock) {
            entry.gone = true;
            entry.versions.values().forEach(s -> s.present = false);
        }
        unloadAll(entry);
        dropRemovedVersions(entry);
    }

    /** Unloads versions that left the repository, then forgets those no longer loaded. */
    private void dropRemovedVersions(ModelEntry entry) {
        List<VersionSlot> failedGone = new ArrayList<>();
        List<VersionSlot> servingGone = new ArrayList<>();
        synchronized (stateLock) {
            for (VersionSlot slot : entry.versions.values()) {
                if (!slot.present && slot.state == VersionState.FAILED) {
                    failedGone.add(slot);
                } else if (!slot.present && slot.state == VersionState.READY) {
                    servingGone.add(slot);
                }
            }
        }
        failedGone.forEach(slot -> transition(entry, slot, VersionState.UNLOADED, null));
        servingGone.forEach(slot -> unloadVersion(entry, slot));
        forgetRemoved(entry);
    }

    /** Forgets unloaded versions that left the repository, and a gone model with none left. */
    private void forgetRemoved(ModelEntry entry) {
        synchronized (stateLock) {
            entry.versions.values().removeIf(s -> !s.present && s.state == VersionState.UNLOADED && s.draining == null);
            if (entry.gone && entry.versions.isEmpty() && models.get(entry.name) == entry) {
                models.remove(entry.name);
            }
        }
    }

    // ---- state (under stateLock unless noted) ----

    private ModelEntry entry(String name) {
        synchronized (stateLock) {
            return models.get(name);
        }
    }

    private ModelEntry entryOrCreate(String name) {
        synchronized (stateLock) {
            return models.computeIfAbsent(name, ModelEntry::new);
        }
    }

    private VersionSlot slot(ModelEntry entry, long version) {
        synchronized (stateLock) {
            return entry.versions.computeIfAbsent(version, v -> new VersionSlot(v, clock.instant()));
        }
    }

    private void publishServing(ModelEntry entry) {
        NavigableMap<Long, LoadedModel> serving = new TreeMap<>();
        for (VersionSlot slot : entry.versions.values()) {
            if (slot.instance != null) {
                serving.put(slot.version, slot.instance);
            }
        }
        entry.serving = Collections.unmodifiableNavigableMap(serving);
    }

    /** Changes a slot's state and tells the listeners; called without holding stateLock. */
    private void transition(ModelEntry entry, VersionSlot slot, VersionState to, String error) {
        ModelEvent event;
        synchronized (stateLock) {
            Instant now = clock.instant();
            event = new ModelEvent(entry.name, slot.version, slot.state, to, error, now);
            slot.state = to;
            slot.error = error;
            slot.since = now;
        }
        Level level = to == VersionState.FAILED || error != null ? Level.WARNING : Level.INFO;
        LOG.log(level, "model {0} version {1}: {2} -> {3}{4}", entry.name, slot.version, event.from(), to,
            error == null ? "" : ": " + error);
        for (ModelEventListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "model event listener " + listener + " failed on " + event, e);
            }
        }
    }

    private ModelStatus status(ModelEntry entry) {
        List<VersionStatus> versions = entry.versions.values().stream()
            .map(s -> new VersionStatus(entry.name, s.version, s.state, s.sha256, s.error, s.since)).toList();
        LoadedModel newest = entry.serving.isEmpty() ? null : entry.serving.lastEntry().getValue();
        ModelConfig config = newest != null ? newest.config() : entry.configError != null ? null : entry.config;
        return new ModelStatus(entry.name, config, entry.configError, versions);
    }

    /** A model's config and labels as last read, with the fingerprint of the files they came from. */
    private record ModelFiles(String fingerprint, ModelConfig config, List<String> labels, String error) {
        static ModelFiles failed(String fingerprint, String error) {
            return new ModelFiles(fingerprint, null, List.of(), error);
        }
    }

    private static final class ModelEntry {
        final String name;
        final TreeMap<Long, VersionSlot> versions = new TreeMap<>();
        volatile NavigableMap<Long, LoadedModel> serving = Collections.emptyNavigableMap();
        ModelFiles files;
        ModelConfig config;
        String configError;
        /** The model's directory has left the repository; forgotten once nothing is loaded. */
        boolean gone;

        ModelEntry(String name) {
            this.name = name;
        }
    }

    private static final class VersionSlot {
        final long version;
        VersionState state = VersionState.UNLOADED;
        String sha256;
        String error;
        Instant since;
        /** Fingerprint (version files + model files) of the last load attempt; null = retry. */
        String attempted;
        /** The serving instance (READY). */
        LoadedModel instance;
        /** An instance that stopped taking requests and waits for its in-flight ones. */
        LoadedModel draining;
        boolean present = true;

        VersionSlot(long version, Instant since) {
            this.version = version;
            this.since = since;
        }
    }
}
