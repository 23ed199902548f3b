package io.lcnnserve.core.ops.pool;

import static io.lcnnserve.core.ops.spatial.SpatialTesting.assertClose;
import static io.lcnnserve.core.ops.spatial.SpatialTesting.op;
import static io.lcnnserve.core.ops.spatial.SpatialTesting.random;
import static io.lcnnserve.core.ops.spatial.SpatialTesting.run;
import static io.lcnnserve.core.ops.spatial.SpatialTesting.runSingle;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lcnnserve.core.ops.Op;
import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.ops.TensorInfo;
import io.lcnnserve.core.ops.spatial.RandomWindow;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import io.lcnnserve.core.testing.OrtOracle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The pools against ONNX Runtime on random shapes and attributes. */
class PoolVersusOnnxRuntimeTest {
    private static final int TRIALS = 60;
    private static final double TOLERANCE = 1e-5;
    private static final String[] AUTO_PADS = {"NOTSET", "NOTSET", "SAME_UPPER", "SAME_LOWER", "VALID"};

    /**
     * A random pool window, or null when the configuration is one where we deliberately differ from
     * ONNX Runtime: dilation leaving a window entirely in the padding (we reject it), or SAME padding
     * with a stride longer than the window, where ONNX Runtime's pools pad by a negative amount and
     * shift the windows, while we pad nothing as TensorFlow (and ONNX Runtime's Conv) do.
     */
    private static Map<String, Object> poolAttributes(Random random, RandomWindow window, String opType, int opset) {
        for (int a = 0; window.autoPad().startsWith("SAME") && a < window.input().length; a++) {
            int output = Math.ceilDiv(window.input()[a], window.strides()[a]);
            if ((output - 1) * window.strides()[a] + window.kernel()[a] < window.input()[a]) {
                return null;
            }
        }
        Map<String, Object> attributes = window.attributes(true);
        if (random.nextBoolean()) {
            attributes.put("ceil_mode", 1L);
        }
        try {
            op(opType, opset, attributes, 1, 1).inferOutputs(List.of(TensorInfo.of(DataType.FLOAT, window.inputShape(1, 1))));
            return attributes;
        } catch (OpException windowOnlyInPadding) {
            return null;
        }
    }

    @Test
    void maxPoolAndItsIndicesMatchOnnxRuntime() {
        Random random = new Random(21);
        int compared = 0;
        for (int trial = 0; trial < TRIALS; trial++) {
            RandomWindow window = RandomWindow.draw(random, 1 + random.nextInt(3), 3, true, AUTO_PADS);
            Map<String, Object> attributes = poolAttributes(random, window, "MaxPool", 12);
            if (attributes == null) {
                continue;
            }
            attributes.put("storage_order", (long) random.nextInt(2));
            Tensor x = random(random, window.inputShape(1 + random.nextInt(2), 1 + random.nextInt(3)));
            Tensor[] expected = OrtOracle.runNode("MaxPool", 12, attributes, List.of(x), 2);
            Tensor[] actual = run(op("MaxPool", 12, attributes, 1, 2), x);
            String what = "MaxPool " + window + " " + attributes.get("ceil_mode") + " storage_order "
                + attributes.get("storage_order");
            assertClose(expected[0], actual[0], TOLERANCE, TOLERANCE, what);
            assertArrayEquals(expected[1].toLongArray(), actual[1].toLongArray(), what + " indices");
            compared++;
        }
        assertTrue(compared > TRIALS / 2, "compared only " + compared + " configurations");
    }

    @Test
    void averagePoolMatchesOnnxRuntime() {
        Random random = new Random(22);
        int compared = 0;
        for (int trial = 0; trial < TRIALS; trial++) {
            RandomWindow window = RandomWindow.draw(random, 1 + random.nextInt(3), 3, true, AUTO_PADS);
            Map<String, Object> attributes = poolAttributes(random, window, "AveragePool", 19);
            if (attributes == null) {
                continue;
            }
            // With count_include_pad, ONNX Runtime's 2-D and 3-D kernels read the end padding of the leading
            // axes from the wrong entry of pads, so they only agree when every pad is the same;
            // AveragePoolTest covers uneven pads by hand.
            boolean unevenPads = window.autoPad().startsWith("SAME") || Arrays.stream(window.pads()).distinct().count() > 1;
            attributes.put("count_include_pad", unevenPads ? 0L : random.nextInt(2));
            Tensor x = random(random, window.inputShape(1 + random.nextInt(2), 1 + random.nextInt(3)));
            Tensor expected = OrtOracle.runNode("AveragePool", 19, attributes, List.of(x), 1)[0];
            Tensor actual = runSingle(op("AveragePool", 19, attributes, 1, 1), x);
            assertClose(expected, actual, TOLERANCE, TOLERANCE, "AveragePool " + window + " ceil_mode "
                + attributes.get("ceil_mode") + " count_include_pad " + attributes.get("count_include_pad"));
            compared++;
        }
        assertTrue(compared > TRIALS / 2, "compared only " + compared + " configurations");
    }

    @Test
    void globalPoolsMatchOnnxRuntime() {
        Random random = new Random(23);
        for (int trial = 0; trial < 10; trial++) {
            int[] shape = new int[3 + random.nextInt(3)];
            for (int a = 0; a < shape.length; a++) {
                shape[a] = 1 + random.nextInt(5);
            }
            Tensor x = random(random, shape);
            for (String opType : List.of("GlobalAveragePool", "GlobalMaxPool")) {
                Tensor expected = OrtOracle.runNode(opType, 1, Map.of(), List.of(x), 1)[0];
                Tensor actual = runSingle(op(opType, 1, Map.of(), 1, 1), x);
                assertClose(expected, actual, TOLERANCE, TOLERANCE, opType + " " + Arrays.toString(shape));
            }
        }
    }

    @Test
    void maxUnpoolWithoutOutputShapeMatchesOnnxRuntime() {
        Random random = new Random(24);
        for (int trial = 0; trial < 10; trial++) {
            RandomWindow window = RandomWindow.draw(random, 1 + random.nextInt(2), 3, true, "NOTSET");
            Map<String, Object> attributes = window.attributes(false);
            Op maxUnpool = op("MaxUnpool", 11, attributes, 2, 1);
            int[] xShape = window.inputShape(1 + random.nextInt(2), 1 + random.nextInt(2));
            Tensor x = random(random, xShape);
            int[] unpooled = maxUnpool.inferOutputs(List.of(TensorInfo.of(DataType.FLOAT, xShape),
                TensorInfo.of(DataType.INT64, xShape))).get(0).shape();
            Tensor indices = distinctIndices(random, x.size(), io.lcnnserve.core.tensor.Shapes.elementCount(unpooled), xShape);
            Tensor expected = OrtOracle.runNode("MaxUnpool", 11, attributes, List.of(x, indices), 1)[0];
            assertClose(expected, runSingle(maxUnpool, x, indices), 0, 0, "MaxUnpool " + window);
        }
    }

    private static Tensor distinctIndices(Random random, int count, int bound, int[] shape) {
        List<Long> all = new ArrayList<>();
        for (long i = 0; i < bound; i++) {
            all.add(i);
        }
        Collections.shuffle(all, random);
        long[] indices = new long[count];
        for (int i = 0; i < count; i++) {
            indices[i] = all.get(i % bound);
        }
        return Tensor.ofLongs(indices, shape);
    }
}
