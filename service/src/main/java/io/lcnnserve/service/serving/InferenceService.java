package io.lcnnserve.service.serving;

import io.lcnnserve.core.graph.Dim;
import io.lcnnserve.core.graph.ValueSpec;
import io.lcnnserve.core.runtime.ModelSignature;
import io.lcnnserve.core.tensor.Tensor;
import io.lcnnserve.service.imaging.ImageDecoder;
import io.lcnnserve.service.imaging.RgbImage;
import io.lcnnserve.service.metrics.ServingMetrics;
import io.lcnnserve.store.config.InputConfig;
import io.lcnnserve.store.config.ModelConfig;
import io.lcnnserve.store.config.OutputKind;
import io.lcnnserve.store.lifecycle.LoadedModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

/**
 * The request flows over {@link ModelServing}: image classification (decode, preprocess, batch,
 * softmax, top-K) and raw tensor inference (validated against the model's signature).
 */
@Service
public class InferenceService {
    private final ModelServing serving;
    private final ImageDecoder decoder;
    private final ServingMetrics metrics;

    public InferenceService(ModelServing serving, ImageDecoder decoder, ServingMetrics metrics) {
        this.serving = serving;
        this.decoder = decoder;
        this.metrics = metrics;
    }

    /**
     * Classifies images with one model version; all images of the request run in the same batch.
     *
     * @param version null = the newest ready version
     */
    public Classification classify(String model, Long version, List<byte[]> images, int topK, Deadline deadline,
                                   RequestObserver observer) throws InterruptedException {
        return admitted(model, version, observer, (admission, start) -> {
            VersionServer server = admission.server();
            int maxBatch = server.batcher().policy().maxBatchSize();
            if (images.size() > maxBatch) {
                throw new InvalidRequestException("the request has " + images.size() + " images; model '" + model
                    + "' takes at most " + maxBatch + " per request (its max batch size)");
            }
            List<RgbImage> decoded = new ArrayList<>(images.size());
            for (byte[] image : images) {
                decoded.add(decoder.decode(image));
            }
            long decodedAt = System.nanoTime();
            Tensor input = toModelLayout(server.preprocessor().preprocessBatch(decoded), server.loaded().config());
            long preprocessed = System.nanoTime();
            metrics.preprocessTime(server.name(), preprocessed - start);
            if (deadline.expired()) {
                throw new DeadlineExceededException(server.name(), server.version(), deadline.budget(),
                    "expired while decoding and preprocessing");
            }
            ModelConfig config = server.loaded().config();
            InferenceResult result = admission.reservation().run(Map.of(config.input().name(), input), deadline);
            metrics.queueTime(server.name(), result.queueNanos());
            long outputStart = System.nanoTime();
            Tensor scores = result.outputs().get(config.output().name());
            List<List<ClassScore>> predictions = new ArrayList<>(images.size());
            for (int i = 0; i < images.size(); i++) {
                predictions.add(topClasses(server.loaded(), row(scores, i), topK,
                    config.output().kind() == OutputKind.LOGITS));
            }
            long end = System.nanoTime();
            server.statistics().phases(images.size(), result.queueNanos(), preprocessed - start, end - outputStart);
            return new Classification(server.name(), server.version(), predictions, new Classification.Timings(
                millis(decodedAt - start), millis(preprocessed - decodedAt), millis(result.queueNanos()),
                millis(result.inferenceNanos())));
        });
    }

    /** The result of a raw tensor inference: the version that ran and its outputs by name. */
    public record TensorResult(String model, long version, Map<String, Tensor> outputs, LoadedModel loaded) {
    }

    /**
     * Runs named FP32 input tensors (batch along axis 0) through one model version.
     *
     * @throws InvalidRequestException naming the expected signature if the inputs do not fit
     */
    public TensorResult infer(String model, Long version, Map<String, Tensor> inputs, List<String> requestedOutputs,
                              Deadline deadline, RequestObserver observer) throws InterruptedException {
        return admitted(model, version, observer, (admission, start) -> {
            VersionServer server = admission.server();
            checkInputs(server.loaded(), inputs);
            checkOutputs(server.loaded(), requestedOutputs);
            long prepared = System.nanoTime();
            InferenceResult result = admission.reservation().run(inputs, deadline);
            metrics.queueTime(server.name(), result.queueNanos());
            int samples = inputs.values().iterator().next().dim(0);
            server.statistics().phases(samples, result.queueNanos(), prepared - start, 0);
            return new TensorResult(server.name(), server.version(), result.outputs(), server.loaded());
        });
    }

    /** The work of one admitted request; {@code startNanos} is when the request reached the service. */
    @FunctionalInterface
    private interface AdmittedWork<T> {
        T run(ModelServing.Admission admission, long startNanos) throws InterruptedException;
    }

    /** Admits a request to a version, tells the observer which one, runs it and counts its outcome. */
    private <T> T admitted(String model, Long version, RequestObserver observer, AdmittedWork<T> work)
        throws InterruptedException {
        long start = System.nanoTime();
        try (ModelServing.Admission admission = serving.admit(model, version)) {
            VersionServer server = admission.server();
            observer.served(server.name(), server.version());
            boolean ok = false;
            try {
                T result = work.run(admission, start);
                ok = true;
                return result;
            } finally {
                server.statistics().request(ok, System.nanoTime() - start);
            }
        }
    }

    /** Told which version serves a request as soon as it is known (for logs, metrics, problems). */
    @FunctionalInterface
    public interface RequestObserver {
        void served(String model, long version);

        RequestObserver NONE = (model, version) -> { };
    }

    private static void checkInputs(LoadedModel loaded, Map<String, Tensor> inputs) {
        ModelSignature signature = loaded.model().signature();
        for (String name : inputs.keySet()) {
            if (signature.input(name).isEmpty()) {
                throw new InvalidRequestException("model '" + loaded.name() + "' has no input '" + name
                    + "'; its inputs are " + describe(signature.inputs()));
            }
        }
        for (ValueSpec spec : signature.inputs()) {
            Tensor t = inputs.get(spec.name());
            if (t == null) {
                throw new InvalidRequestException("model '" + loaded.name() + "' needs input '" + spec.name() + "' ("
                    + describe(List.of(spec)) + ")");
            }
            if (spec.hasShape() && !fits(spec.dims(), t.shape())) {
                throw new InvalidRequestException("input '" + spec.name() + "' must have shape " + spec.shapeText()
                    + " (FP32), got " + Arrays.toString(t.shape()));
            }
        }
    }

    private static void checkOutputs(LoadedModel loaded, List<String> requested) {
        ModelSignature signature = loaded.model().signature();
        for (String name : requested) {
            if (signature.output(name).isEmpty()) {
                throw new InvalidRequestException("model '" + loaded.name() + "' has no output '" + name
                    + "'; its outputs are " + describe(signature.outputs()));
            }
        }
    }

    private static boolean fits(List<Dim> dims, int[] shape) {
        if (dims.size() != shape.length) {
            return false;
        }
        for (int i = 0; i < shape.length; i++) {
            if (dims.get(i).isFixed() && dims.get(i).value() != shape[i]) {
                return false;
            }
        }
        return true;
    }

    private static String describe(List<ValueSpec> specs) {
        return specs.stream().map(s -> s.name() + ": " + TensorTypes.v2Name(s.type()) + " " + s.shapeText())
            .collect(Collectors.joining("; "));
    }

    /** The preprocessor makes NCHW; an NHWC model gets the same values transposed. */
    static Tensor toModelLayout(Tensor nchw, ModelConfig config) {
        if (!InputConfig.NHWC.equals(config.input().layout())) {
            return nchw;
        }
        int n = nchw.dim(0);
        int c = nchw.dim(1);
        int h = nchw.dim(2);
        int w = nchw.dim(3);
        float[] src = nchw.floats();
        float[] dst = new float[src.length];
        int plane = h * w;
        for (int b = 0; b < n; b++) {
            for (int ch = 0; ch < c; ch++) {
                int from = nchw.offset() + (b * c + ch) * plane;
                for (int p = 0; p < plane; p++) {
                    dst[(b * plane + p) * c + ch] = src[from + p];
                }
            }
        }
        return Tensor.of(dst, n, h, w, c);
    }

    /** Row {@code i} of a [N, C...] score tensor as floats. */
    static float[] row(Tensor scores, int i) {
        int width = scores.size() / scores.dim(0);
        float[] values = new float[width];
        System.arraycopy(scores.floats(), scores.offset() + i * width, values, 0, width);
        return values;
    }

    /** The K best classes of one row, scored by softmax when the model emits logits. */
    static List<ClassScore> topClasses(LoadedModel loaded, float[] values, int topK, boolean logits) {
        double[] scores = new double[values.length];
        if (logits) {
            double max = Double.NEGATIVE_INFINITY;
            for (float v : values) {
                max = Math.max(max, v);
            }
            double sum = 0;
            for (int i = 0; i < values.length; i++) {
                scores[i] = Math.exp(values[i] - max);
                sum += scores[i];
            }
            for (int i = 0; i < scores.length; i++) {
                scores[i] /= sum;
            }
        } else {
            for (int i = 0; i < values.length; i++) {
                scores[i] = values[i];
            }
        }
        List<ClassScore> top = new ArrayList<>();
        for (int index : topIndices(values, Math.min(topK, values.length))) {
            top.add(new ClassScore(index, loaded.label(index), scores[index]));
        }
        return top;
    }

    /** Indices of the {@code k} largest values, largest first (ties: lower index first). */
    public static int[] topIndices(float[] values, int k) {
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> {
            int byValue = Float.compare(values[b], values[a]);
            return byValue != 0 ? byValue : Integer.compare(a, b);
        });
        int[] top = new int[k];
        for (int i = 0; i < k; i++) {
            top[i] = order[i];
        }
        return top;
    }

    private static double millis(long nanos) {
        return Math.round(nanos / 1e4) / 100.0;
    }
}
