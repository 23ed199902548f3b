package io.lcnnserve.service.api;

import io.lcnnserve.core.profile.LayerCost;
import io.lcnnserve.service.config.LcnnProperties;
import io.lcnnserve.service.serving.InvalidRequestException;
import io.lcnnserve.service.serving.ProfilingService;
import io.lcnnserve.service.serving.VersionServer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Per-layer profiling ({@code POST .../profile}) and static layer analysis ({@code GET .../layers}). */
@RestController
@Tag(name = "profiling", description = "Per-layer timing and cost analysis")
public class ProfileController {
    private final ProfilingService profiling;
    private final RequestLimits limits;
    private final LcnnProperties properties;
    private final JsonMapper mapper;

    public ProfileController(ProfilingService profiling, RequestLimits limits, LcnnProperties properties,
                             JsonMapper mapper) {
        this.profiling = profiling;
        this.limits = limits;
        this.properties = properties;
        this.mapper = mapper;
    }

    @PostMapping(path = {"/v1/models/{model}/profile", "/v1/models/{model}/versions/{version}/profile"})
    @Operation(summary = "Profile a model layer by layer on an image (raw body or multipart 'image') or a random "
        + "input: op, covered ONNX nodes, shapes, params, MACs, time mean/p50/p99, share, GFLOP/s, slowest first; "
        + "format=chrome-trace returns Chrome trace-event JSON of the last run")
    public ResponseEntity<String> profile(
        @PathVariable String model, @PathVariable(required = false) Long version,
        @Parameter(description = "timed runs") @RequestParam(defaultValue = "20") int runs,
        @Parameter(description = "untimed runs first") @RequestParam(defaultValue = "3") int warmup,
        @Parameter(description = "batch size") @RequestParam(defaultValue = "1") int batch,
        @Parameter(description = "json or chrome-trace") @RequestParam(defaultValue = "json") String format,
        HttpServletRequest request) throws IOException {
        ApiRequest.endpoint(request, "profile");
        int maxRuns = properties.profiling().maxRuns();
        if (runs < 1 || runs > maxRuns) {
            throw new InvalidRequestException("runs must be within 1.." + maxRuns + ", got " + runs);
        }
        if (warmup < 0 || warmup > 100) {
            throw new InvalidRequestException("warmup must be within 0..100, got " + warmup);
        }
        if (!format.equals("json") && !format.equals("chrome-trace")) {
            throw new InvalidRequestException("format must be 'json' or 'chrome-trace', got '" + format + "'");
        }
        VersionServer server = profiling.server(model, version);
        ApiRequest.served(request, server.name(), server.version());
        ProfilingService.Result result = profiling.profile(model, version, image(request), runs, warmup, batch);
        if (format.equals("chrome-trace")) {
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(result.profile().toChromeTrace());
        }
        ObjectNode body = (ObjectNode) mapper.readTree(result.profile().toJson());
        body.put("model", result.model());
        body.put("version", Long.toString(result.version()));
        body.put("batch", result.batch());
        body.put("warmup", result.warmup());
        body.put("input", result.randomInput() ? "random" : "image");
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(mapper.writeValueAsString(body));
    }

    @GetMapping(path = {"/v1/models/{model}/layers", "/v1/models/{model}/versions/{version}/layers"},
        produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Static per-layer analysis without running: op, ONNX nodes, shapes, params, MACs, bytes")
    public Map<String, Object> layers(@PathVariable String model, @PathVariable(required = false) Long version,
                                      @RequestParam(defaultValue = "1") int batch, HttpServletRequest request) {
        VersionServer server = profiling.server(model, version);
        ApiRequest.served(request, server.name(), server.version());
        List<LayerCost> layers = profiling.layers(model, version, batch);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", server.name());
        body.put("version", Long.toString(server.version()));
        body.put("batch", batch);
        body.put("total_params", layers.stream().mapToLong(LayerCost::params).sum());
        body.put("total_macs", layers.stream().mapToLong(LayerCost::macs).sum());
        body.put("layers", layers.stream().map(ProfileController::layer).toList());
        return body;
    }

    private static Map<String, Object> layer(LayerCost c) {
        Map<String, Object> layer = new LinkedHashMap<>();
        layer.put("index", c.index());
        layer.put("name", c.name());
        layer.put("op", c.opType());
        layer.put("onnx_nodes", c.sourceNodes());
        layer.put("input_shapes", c.inputShapes());
        layer.put("output_shapes", c.outputShapes());
        layer.put("params", c.params());
        layer.put("macs", c.macs());
        layer.put("bytes_read", c.bytesRead());
        layer.put("bytes_written", c.bytesWritten());
        return layer;
    }

    /** The image to profile on, if the request carries one. */
    private byte[] image(HttpServletRequest request) throws IOException {
        if (request instanceof MultipartHttpServletRequest multipart) {
            MultipartFile part = multipart.getFile("image");
            if (part == null) {
                throw new InvalidRequestException("the multipart body has no 'image' part");
            }
            return part.getBytes();
        }
        if (request.getContentLengthLong() == 0 || request.getContentType() == null) {
            return null;
        }
        return limits.imageBody(request);
    }
}
