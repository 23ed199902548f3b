package io.lcnnserve.service.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.lcnnserve.service.serving.ClassScore;
import io.lcnnserve.service.serving.Classification;
import java.util.List;

/**
 * The classify endpoint's response (a stable contract).
 *
 * @param predictions one entry per image, in request order
 * @param timings     where the time went, in milliseconds
 */
public record ClassifyResponse(String model, String version, List<Prediction> predictions,
                               @JsonProperty("timings_ms") Classification.Timings timings) {

    /** The ranked classes of one image. */
    public record Prediction(List<ClassScore> classes) {
    }

    static ClassifyResponse of(Classification c) {
        return new ClassifyResponse(c.model(), Long.toString(c.version()),
            c.predictions().stream().map(Prediction::new).toList(), c.timings());
    }
}
