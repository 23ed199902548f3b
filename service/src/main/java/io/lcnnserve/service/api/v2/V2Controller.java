package io.lcnnserve.service.api.v2;

import io.lcnnserve.core.graph.ValueSpec;
import io.lcnnserve.core.tensor.Tensor;
import io.lcnnserve.service.api.ApiRequest;
import io.lcnnserve.service.api.JsonObjects;
import io.lcnnserve.service.api.RequestLimits;
import io.lcnnserve.service.errors.UnsupportedMediaTypeException;
import io.lcnnserve.service.serving.InferenceService;
import io.lcnnserve.service.serving.InvalidRequestException;
import io.lcnnserve.service.serving.ModelNotFoundException;
import io.lcnnserve.service.serving.ModelNotReadyException;
import io.lcnnserve.service.serving.ModelServing;
import io.lcnnserve.service.serving.VersionServer;
import io.lcnnserve.service.serving.TensorTypes;
import io.lcnnserve.service.serving.VersionStatistics;
import io.lcnnserve.store.lifecycle.LoadedModel;
import io.lcnnserve.store.lifecycle.ModelStatus;
import io.lcnnserve.store.lifecycle.VersionState;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The KServe V2 / Open Inference Protocol REST API, with the binary tensor, classification and
 * statistics extensions (the model repository extension is in the management controller).
 */
@RestController
@Tag(name = "v2", description = "KServe V2 / Open Inference Protocol")
public class V2Controller {
    public static final String HEADER_LENGTH = "Inference-Header-Content-Length";
    static final List<String> EXTENSIONS = List.of("binary_tensor_data", "classification", "statistics",
        "model_repository");

    private final ModelServing serving;
    private final InferenceService inference;
    private final InferRequestParser parser;
    private final InferResponseWriter writer;
    private final RequestLimits limits;

    public V2Controller(ModelServing serving, InferenceService inference, InferRequestParser parser,
                        InferResponseWriter writer, RequestLimits limits) {
        this.serving = serving;
        this.inference = inference;
        this.parser = parser;
        this.writer = writer;
        this.limits = limits;
    }

    @GetMapping(path = "/v2", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Server metadata")
    public Map<String, Object> serverMetadata() {
        String version = V2Controller.class.getPackage().getImplementationVersion();
        return JsonObjects.of("name", "lcnn-serve", "version", version == null ? "dev" : version, "extensions", EXTENSIONS);
    }

    @GetMapping(path = "/v2/health/live", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Liveness: 200 while the process serves HTTP")
    public Map<String, Object> live() {
        return JsonObjects.of("live", true);
    }

    @GetMapping(path = "/v2/health/ready", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Readiness: 200 when the model store is loaded and every model has a ready version, else 503")
    public Map<String, Object> ready() {
        String reason = serving.notReadyReason();
        if (!serving.isReady()) {
            throw new ModelNotReadyException("not ready: " + (reason == null ? "starting" : reason));
        }
        return JsonObjects.of("ready", true);
    }

    @GetMapping(path = {"/v2/models/{model}", "/v2/models/{model}/versions/{version}"},
        produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Model metadata: versions, platform, input and output tensors")
    public Map<String, Object> modelMetadata(@PathVariable String model, @PathVariable(required = false) Long version,
                                             HttpServletRequest request) {
        VersionServer server = serving.server(model, version);
        ApiRequest.served(request, server.name(), server.version());
        LoadedModel loaded = server.loaded();
        ModelStatus status = serving.model(model).orElseThrow();
        List<String> versions = status.versions().stream().filter(v -> v.state() == VersionState.READY)
            .map(v -> Long.toString(v.version())).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", loaded.name());
        body.put("versions", versions);
        body.put("platform", "onnx_lcnn");
        body.put("inputs", loaded.model().signature().inputs().stream().map(V2Controller::tensorMetadata).toList());
        body.put("outputs", loaded.model().signature().outputs().stream().map(V2Controller::tensorMetadata).toList());
        return body;
    }

    @GetMapping(path = {"/v2/models/{model}/ready", "/v2/models/{model}/versions/{version}/ready"},
        produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Model readiness: 200 if the (newest or given) version serves, 503 if not, 404 if unknown")
    public Map<String, Object> modelReady(@PathVariable String model, @PathVariable(required = false) Long version,
                                          HttpServletRequest request) {
        VersionServer server = serving.server(model, version);
        ApiRequest.served(request, server.name(), server.version());
        return JsonObjects.of("name", server.name(), "version", Long.toString(server.version()), "ready", true);
    }

    @PostMapping(path = {"/v2/models/{model}/infer", "/v2/models/{model}/versions/{version}/infer"})
    @Operation(summary = "Inference on FP32 tensors (JSON, or binary tensor data after an "
        + "Inference-Header-Content-Length JSON header); output parameter classification=K returns top-K strings")
    public ResponseEntity<byte[]> infer(@PathVariable String model, @PathVariable(required = false) Long version,
                                        HttpServletRequest request) throws IOException, InterruptedException {
        ApiRequest.endpoint(request, "infer");
        String contentType = request.getContentType();
        if (contentType != null && !isJsonOrBinary(contentType)) {
            throw new UnsupportedMediaTypeException("inference requests are application/json, or "
                + "application/octet-stream with an " + HEADER_LENGTH + " header; got " + contentType);
        }
        Integer headerLength = headerLength(request);
        byte[] body = limits.inferBody(request);
        InferRequest parsed = parser.parse(body, headerLength);
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        for (InferRequest.Input input : parsed.inputs()) {
            if (inputs.put(input.name(), input.tensor()) != null) {
                throw new InvalidRequestException("input '" + input.name() + "' is given twice");
            }
        }
        List<String> requested = parsed.outputs().stream().map(InferRequest.RequestedOutput::name).toList();
        InferenceService.TensorResult result = inference.infer(model, version, inputs, requested,
            limits.deadline(request), (name, v) -> ApiRequest.served(request, name, v));
        InferResponseWriter.Encoded encoded = writer.write(response(parsed, result));
        HttpHeaders headers = new HttpHeaders();
        if (encoded.headerLength() != null) {
            headers.setContentType(MediaType.APPLICATION_OCTET_STREAM);
            headers.set(HEADER_LENGTH, Integer.toString(encoded.headerLength()));
        } else {
            headers.setContentType(MediaType.APPLICATION_JSON);
        }
        return ResponseEntity.ok().headers(headers).body(encoded.body());
    }

    @GetMapping(path = {"/v2/models/stats", "/v2/models/{model}/stats", "/v2/models/{model}/versions/{version}/stats"},
        produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Statistics extension: request counts and cumulative times per model version")
    public Map<String, Object> statistics(@PathVariable(required = false) String model,
                                          @PathVariable(required = false) Long version) {
        if (model != null && serving.model(model).isEmpty()) {
            throw new ModelNotFoundException("model '" + model + "' is not in the repository");
        }
        List<Map<String, Object>> stats = new ArrayList<>();
        for (VersionServer server : serving.servers()) {
            if ((model == null || server.name().equals(model)) && (version == null || server.version() == version)) {
                stats.add(statistics(server));
            }
        }
        if (version != null && stats.isEmpty()) {
            throw new ModelNotFoundException("model '" + model + "' has no serving version " + version);
        }
        return JsonObjects.of("model_stats", stats);
    }

    private static Map<String, Object> statistics(VersionServer server) {
        VersionStatistics s = server.statistics();
        Map<String, Object> inference = new LinkedHashMap<>();
        inference.put("success", duration(s.success()));
        inference.put("fail", duration(s.fail()));
        inference.put("queue", duration(s.queue()));
        inference.put("compute_input", duration(s.computeInput()));
        inference.put("compute_infer", duration(s.computeInfer()));
        inference.put("compute_output", duration(s.computeOutput()));
        List<Map<String, Object>> batches = new ArrayList<>();
        s.batchInfer().forEach((size, d) -> batches.add(JsonObjects.of("batch_size", size, "compute_infer", duration(d))));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", server.name());
        body.put("version", Long.toString(server.version()));
        body.put("last_inference", s.lastInferenceMillis());
        body.put("inference_count", s.inferenceCount());
        body.put("execution_count", s.executionCount());
        body.put("inference_stats", inference);
        body.put("batch_stats", batches);
        return body;
    }

    private static Map<String, Object> duration(VersionStatistics.Duration d) {
        return JsonObjects.of("count", d.count(), "ns", d.nanos());
    }

    private static InferResponse response(InferRequest request, InferenceService.TensorResult result) {
        List<InferRequest.RequestedOutput> wanted = request.outputs().isEmpty()
            ? result.outputs().keySet().stream().map(name -> new InferRequest.RequestedOutput(name, null, null)).toList()
            : request.outputs();
        List<InferResponse.Output> outputs = new ArrayList<>();
        for (InferRequest.RequestedOutput out : wanted) {
            Tensor t = result.outputs().get(out.name());
            boolean binary = out.binaryData() != null ? out.binaryData() : request.binaryOutputByDefault();
            if (out.classification() != null) {
                outputs.add(classification(out.name(), t, out.classification(), result.loaded(), binary));
            } else {
                outputs.add(InferResponse.Output.fp32(out.name(), t.shape(), t.toFloatArray(), binary));
            }
        }
        return new InferResponse(result.model(), Long.toString(result.version()), request.id(), outputs);
    }

    /** The classification extension: per sample the top K as "score:index:label" (score = the raw output value). */
    private static InferResponse.Output classification(String name, Tensor t, int k, LoadedModel loaded,
                                                       boolean binary) {
        if (t.rank() < 1 || t.dim(0) < 1) {
            throw new InvalidRequestException("output '" + name + "' has shape " + java.util.Arrays.toString(t.shape())
                + "; classification needs a batch of class scores");
        }
        int samples = t.dim(0);
        int classes = t.size() / samples;
        int top = Math.min(k, classes);
        String[] strings = new String[samples * top];
        for (int i = 0; i < samples; i++) {
            float[] row = new float[classes];
            System.arraycopy(t.floats(), t.offset() + i * classes, row, 0, classes);
            int[] indices = InferenceService.topIndices(row, top);
            for (int j = 0; j < top; j++) {
                String label = loaded.label(indices[j]);
                strings[i * top + j] = String.format(Locale.ROOT, "%f:%d", row[indices[j]], indices[j])
                    + (label == null ? "" : ":" + label);
            }
        }
        return InferResponse.Output.bytes(name, new int[] {samples, top}, strings, binary);
    }

    private static Map<String, Object> tensorMetadata(ValueSpec spec) {
        List<Long> shape = spec.hasShape()
            ? spec.dims().stream().map(d -> d.isFixed() ? (long) d.value() : -1L).toList() : List.of();
        return JsonObjects.of("name", spec.name(), "datatype", TensorTypes.v2Name(spec.type()), "shape", shape);
    }

    private static boolean isJsonOrBinary(String contentType) {
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return type.isCompatibleWith(MediaType.APPLICATION_JSON) || type.isCompatibleWith(MediaType.APPLICATION_OCTET_STREAM)
                || type.getSubtype().endsWith("+json");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Integer headerLength(HttpServletRequest request) {
        String value = request.getHeader(HEADER_LENGTH);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException(HEADER_LENGTH + " must be a byte count, got '" + value + "'");
        }
    }
}
