package io.lcnnserve.service.api;

import io.lcnnserve.service.serving.ModelNotReadyException;
import io.lcnnserve.service.serving.ModelServing;
import io.lcnnserve.store.config.ModelConfig;
import io.lcnnserve.store.lifecycle.ModelStatus;
import io.lcnnserve.store.lifecycle.VersionState;
import io.lcnnserve.store.lifecycle.VersionStatus;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Model management: the repository's state ({@code GET /v1/models}) and Triton's model repository
 * extension (index, load, unload), which needs the management token.
 */
@RestController
@Tag(name = "management", description = "Model repository state and control")
public class ManagementController {
    private final ModelServing serving;

    public ManagementController(ModelServing serving) {
        this.serving = serving;
    }

    @GetMapping(path = "/v1/models", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Every model: versions with state, SHA-256 and failure reason, and a config summary")
    public Map<String, Object> models() {
        List<Map<String, Object>> models = new ArrayList<>();
        for (ModelStatus status : serving.models()) {
            Map<String, Object> model = new LinkedHashMap<>();
            model.put("name", status.name());
            model.put("ready", status.available());
            model.put("versions", status.versions().stream().map(ManagementController::version).toList());
            model.put("config", status.config() == null ? null : summary(status.config()));
            model.put("config_error", status.configError());
            models.add(model);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("store", serving.location());
        body.put("ready", serving.isReady());
        body.put("models", models);
        return body;
    }

    @PostMapping(path = "/v2/repository/index", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Repository index (Triton): every model version with its state and reason",
        security = @SecurityRequirement(name = "management"))
    public List<Map<String, Object>> index(HttpServletRequest request) {
        ApiRequest.endpoint(request, "repository_index");
        serving.manager().rescan();
        List<Map<String, Object>> index = new ArrayList<>();
        for (ModelStatus status : serving.models()) {
            if (status.versions().isEmpty()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("name", status.name());
                entry.put("state", "UNAVAILABLE");
                entry.put("reason", status.configError() == null ? "no versions" : status.configError());
                index.add(entry);
            }
            for (VersionStatus v : status.versions()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("name", status.name());
                entry.put("version", Long.toString(v.version()));
                entry.put("state", v.state() == VersionState.READY ? "READY" : v.state().name());
                entry.put("reason", v.error() == null ? "" : v.error());
                index.add(entry);
            }
        }
        return index;
    }

    @PostMapping(path = "/v2/repository/models/{model}/load", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Load (or reload) a model; returns when its versions are READY or FAILED",
        security = @SecurityRequirement(name = "management"))
    public Map<String, Object> load(@PathVariable String model, HttpServletRequest request) {
        ApiRequest.endpoint(request, "repository_load");
        serving.manager().load(model);
        ModelStatus status = serving.model(model).orElseThrow();
        if (!status.available()) {
            String reasons = status.configError() != null ? status.configError()
                : status.versions().stream().map(v -> "version " + v.version() + " " + v.state()
                    + (v.error() == null ? "" : ": " + v.error())).collect(Collectors.joining("; "));
            throw new ModelNotReadyException("model '" + model + "' did not load: " + reasons);
        }
        return JsonObjects.of("name", model, "versions", status.versions().stream().map(ManagementController::version).toList());
    }

    @PostMapping(path = "/v2/repository/models/{model}/unload", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Unload every version of a model; in-flight requests finish first",
        security = @SecurityRequirement(name = "management"))
    public Map<String, Object> unload(@PathVariable String model, HttpServletRequest request) {
        ApiRequest.endpoint(request, "repository_unload");
        serving.manager().unload(model);
        return JsonObjects.of("name", model, "unloaded", true);
    }

    private static Map<String, Object> version(VersionStatus v) {
        Map<String, Object> version = new LinkedHashMap<>();
        version.put("version", Long.toString(v.version()));
        version.put("state", v.state().name());
        version.put("sha256", v.sha256());
        version.put("error", v.error());
        version.put("since", v.since() == null ? null : v.since().toString());
        return version;
    }

    private static Map<String, Object> summary(ModelConfig c) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("input", JsonObjects.of("name", String.valueOf(c.input().name()), "layout", c.input().layout(),
            "width", c.input().width(), "height", c.input().height()));
        config.put("preprocessing", JsonObjects.of(
            "resize", c.preprocessing().resizeMode().name(),
            "resize_shorter_to", c.preprocessing().resizeShorterTo(),
            "interpolation", c.preprocessing().interpolation().name(),
            "channel_order", c.preprocessing().channelOrder().name(),
            "scale", c.preprocessing().scale(),
            "mean", c.preprocessing().mean(),
            "std", c.preprocessing().std()));
        config.put("output", JsonObjects.of("name", String.valueOf(c.output().name()), "kind", c.output().kind().name(),
            "label_offset", c.output().labelOffset()));
        config.put("batching", JsonObjects.of("max_batch_size", c.batching().maxBatchSize(),
            "max_queue_delay_ms", c.batching().maxQueueDelay().toMillis(),
            "queue_capacity", c.batching().queueCapacity()));
        config.put("instances", c.instances());
        config.put("intra_op_threads", c.intraOpThreads());
        return config;
    }
}
