package io.lcnnserve.core.optimize;

import static io.lcnnserve.core.ops.RandomTensors.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lcnnserve.core.graph.Dim;
import io.lcnnserve.core.graph.Graph;
import io.lcnnserve.core.graph.Node;
import io.lcnnserve.core.graph.ValueSpec;
import io.lcnnserve.core.ops.Attributes;
import io.lcnnserve.core.ops.NodeSpec;
import io.lcnnserve.core.ops.Op;
import io.lcnnserve.core.ops.OpRegistry;
import io.lcnnserve.core.runtime.GraphModels;
import io.lcnnserve.core.runtime.Session;
import io.lcnnserve.core.runtime.SessionOptions;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds small graphs in memory for the pass tests (nodes made by the registry's factories, as the
 * importer makes them) and runs them through a real session, so a pass's output graph can be
 * compared with its input graph on the same data.
 */
final class TestGraph {
    private final List<ValueSpec> inputs = new ArrayList<>();
    private final List<ValueSpec> outputs = new ArrayList<>();
    private final Map<String, Tensor> initializers = new LinkedHashMap<>();
    private final List<Node> nodes = new ArrayList<>();

    TestGraph input(String name, int... shape) {
        inputs.add(new ValueSpec(name, DataType.FLOAT, Arrays.stream(shape).mapToObj(Dim::of).toList()));
        return this;
    }

    TestGraph initializer(String name, Tensor value) {
        initializers.put(name, value);
        return this;
    }

    /** A random FLOAT initializer, uniform in [-1, 1). */
    TestGraph weights(String name, long seed, int... shape) {
        return initializer(name, random(seed, shape));
    }

    TestGraph node(String opType, List<String> in, String out, Map<String, Object> attributes) {
        return node(opType, 13, in, List.of(out), attributes);
    }

    TestGraph node(String opType, List<String> in, String out) {
        return node(opType, in, out, Map.of());
    }

    TestGraph node(String opType, int opset, List<String> in, List<String> out, Map<String, Object> attributes) {
        String name = opType.toLowerCase() + "_" + nodes.size();
        Op op = OpRegistry.standard().find(opType)
            .create(new NodeSpec(name, opType, opset, new Attributes(attributes), in.size(), out.size()));
        nodes.add(new Node(name, opType, opset, in, out, op));
        return this;
    }

    /**
     * An inference BatchNormalization of {@code input} into {@code output} over {@code channels},
     * with random scale, bias and mean and a positive variance, named after the output.
     */
    TestGraph batchNorm(String input, String output, int channels, long seed) {
        float[] variance = random(seed, channels).toFloatArray();
        for (int i = 0; i < variance.length; i++) {
            variance[i] = Math.abs(variance[i]) + 0.1f;
        }
        List<String> parameters = List.of(output + ".scale", output + ".bias", output + ".mean", output + ".var");
        weights(parameters.get(0), seed + 1, channels).weights(parameters.get(1), seed + 2, channels)
            .weights(parameters.get(2), seed + 3, channels).initializer(parameters.get(3), Tensor.of(variance, channels));
        List<String> inputs = new ArrayList<>(List.of(input));
        inputs.addAll(parameters);
        return node("BatchNormalization", inputs, output, Map.of("epsilon", 1e-3f));
    }

    TestGraph output(String name) {
        outputs.add(new ValueSpec(name, DataType.FLOAT, null));
        return this;
    }

    Graph build() {
        return new Graph("test", inputs, outputs, initializers, nodes);
    }

    /** Random values for every graph input, from {@code seed}. */
    static Map<String, Tensor> randomInputs(Graph graph, long seed) {
        Map<String, Tensor> values = new LinkedHashMap<>();
        for (ValueSpec input : graph.inputs()) {
            int[] shape = input.dims().stream().mapToInt(Dim::value).toArray();
            values.put(input.name(), random(seed++, shape));
        }
        return values;
    }

    /** Runs {@code graph} exactly as given (optimizer off) on a session with {@code threads} threads. */
    static Map<String, Tensor> run(Graph graph, Map<String, Tensor> inputs, int threads) {
        SessionOptions options = SessionOptions.defaults().withOptimize(false).withIntraOpThreads(threads);
        try (Session session = GraphModels.of(graph.name(), graph).newSession(options)) {
            return session.run(inputs);
        }
    }

    static Map<String, Tensor> run(Graph graph, Map<String, Tensor> inputs) {
        return run(graph, inputs, 1);
    }

    /** The op types of the graph's nodes, in order. */
    static List<String> opTypes(Graph graph) {
        return graph.nodes().stream().map(Node::opType).toList();
    }

    /** Node counts by op type. */
    static Map<String, Integer> histogram(Graph graph) {
        Map<String, Integer> counts = new TreeMap<>();
        graph.nodes().forEach(n -> counts.merge(n.opType(), 1, Integer::sum));
        return counts;
    }

    /**
     * Asserts the rewritten graph computes what the original does on random inputs: same output
     * shapes, and {@code max |diff| <= 1e-4 * max |reference|} (float rounding of a different
     * summation order), on one and on two threads.
     */
    static void assertSameOutputs(Graph original, Graph rewritten, long seed) {
        Map<String, Tensor> inputs = randomInputs(original, seed);
        Map<String, Tensor> expected = run(original, inputs);
        for (int threads : new int[] {1, 2}) {
            Map<String, Tensor> actual = run(rewritten, inputs, threads);
            for (Map.Entry<String, Tensor> e : expected.entrySet()) {
                assertClose(e.getKey() + " on " + threads + " thread(s)", e.getValue(), actual.get(e.getKey()));
            }
        }
    }

    static void assertClose(String what, Tensor expected, Tensor actual) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        float[] e = expected.toFloatArray();
        float[] a = actual.toFloatArray();
        double scale = 0;
        double worst = 0;
        for (int i = 0; i < e.length; i++) {
            scale = Math.max(scale, Math.abs(e[i]));
            worst = Math.max(worst, Math.abs(e[i] - a[i]));
        }
        double tolerance = 1e-4 * scale + 1e-6;
        assertTrue(worst <= tolerance, what + ": max |diff| " + worst + " exceeds " + tolerance);
    }
}
