package io.lcnnserve.service.api;

import io.lcnnserve.service.errors.UnsupportedMediaTypeException;
import io.lcnnserve.service.serving.InferenceService;
import io.lcnnserve.service.serving.InvalidRequestException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;

/** {@code POST /v1/models/{model}[/versions/{version}]/classify}: images in, ranked classes out. */
@RestController
@RequestMapping(path = {"/v1/models/{model}/classify", "/v1/models/{model}/versions/{version}/classify"},
    produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "classify", description = "Image classification")
public class ClassifyController {
    /** Raw bodies the endpoint takes; the decoder decides the real format from the bytes. */
    static final String[] IMAGE_TYPES = {"image/jpeg", "image/png", "image/bmp", "image/x-ms-bmp", "image/gif",
        "image/webp", MediaType.APPLICATION_OCTET_STREAM_VALUE};

    private final InferenceService inference;
    private final RequestLimits limits;

    public ClassifyController(InferenceService inference, RequestLimits limits) {
        this.inference = inference;
        this.limits = limits;
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Classify one or more images sent as multipart 'image' parts (one prediction each, batched together)")
    public ClassifyResponse classifyMultipart(
        @PathVariable String model, @PathVariable(required = false) Long version,
        @Parameter(description = "classes per prediction") @RequestParam(defaultValue = "5") int topK,
        HttpServletRequest request) throws IOException, InterruptedException {
        ApiRequest.endpoint(request, "classify");
        if (!(request instanceof MultipartHttpServletRequest multipart)) {
            throw new UnsupportedMediaTypeException("expected a multipart/form-data body");
        }
        List<MultipartFile> parts = multipart.getFiles("image");
        if (parts.isEmpty()) {
            throw new InvalidRequestException("the multipart body has no 'image' part; send each image as a part named "
                + "'image' (e.g. curl -F image=@cat.jpg)");
        }
        List<byte[]> images = new ArrayList<>(parts.size());
        for (MultipartFile part : parts) {
            images.add(part.getBytes());
        }
        return classify(model, version, topK, images, request);
    }

    @PostMapping(consumes = {"image/jpeg", "image/png", "image/bmp", "image/x-ms-bmp", "image/gif", "image/webp",
        MediaType.APPLICATION_OCTET_STREAM_VALUE})
    @Operation(summary = "Classify one image sent as the raw body (image/jpeg, image/png, image/bmp, image/gif, image/webp)")
    public ClassifyResponse classifyRaw(
        @PathVariable String model, @PathVariable(required = false) Long version,
        @Parameter(description = "classes per prediction") @RequestParam(defaultValue = "5") int topK,
        HttpServletRequest request) throws IOException, InterruptedException {
        ApiRequest.endpoint(request, "classify");
        return classify(model, version, topK, List.of(limits.imageBody(request)), request);
    }

    private ClassifyResponse classify(String model, Long version, int topK, List<byte[]> images,
                                      HttpServletRequest request) throws InterruptedException {
        if (topK < 1 || topK > limits.maxTopK()) {
            throw new InvalidRequestException("topK must be within 1.." + limits.maxTopK() + ", got " + topK);
        }
        return ClassifyResponse.of(inference.classify(model, version, images, topK, limits.deadline(request),
            (name, v) -> ApiRequest.served(request, name, v)));
    }
}
