package io.lcnnserve.core.ops.conv;

import static io.lcnnserve.core.ops.RandomTensors.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lcnnserve.core.kernels.Activation;
import io.lcnnserve.core.kernels.parallel.Parallel;
import io.lcnnserve.core.ops.Attributes;
import io.lcnnserve.core.ops.ExecutionContext;
import io.lcnnserve.core.ops.NodeSpec;
import io.lcnnserve.core.ops.TensorInfo;
import io.lcnnserve.core.ops.OpHarness;
import io.lcnnserve.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** FusedConv against the reference Conv (plus the activation) on shapes chosen to hit every path and vector tail. */
class FusedConvTest {
    private static final Parallel TWO_THREADS = Parallel.fixedThreads(2);

    @AfterAll
    static void closePool() {
        TWO_THREADS.close();
    }

    /** One convolution case: input [N, C, H, W], weights [M, C/group, kh, kw] and the attributes. */
    record Case(String name, int[] input, int[] weights, int group, long[] strides, long[] pads, long[] dilations,
                boolean bias) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
            new Case("pointwise 13->24 batch 3", new int[] {3, 13, 7, 9}, new int[] {24, 13, 1, 1}, 1, null, null, null, true),
            new Case("pointwise 24->13 no bias", new int[] {1, 24, 5, 5}, new int[] {13, 24, 1, 1}, 1, null, null, null, false),
            new Case("pointwise grouped", new int[] {2, 24, 6, 5}, new int[] {12, 8, 1, 1}, 3, null, null, null, true),
            new Case("pointwise stride 2", new int[] {1, 13, 9, 9}, new int[] {24, 13, 1, 1}, 1, new long[] {2, 2}, null, null, true),
            new Case("3x3 asymmetric pads", new int[] {3, 13, 9, 11}, new int[] {24, 13, 3, 3}, 1, null,
                new long[] {0, 1, 2, 1}, null, true),
            new Case("3x3 stride 2 stem", new int[] {1, 3, 23, 23}, new int[] {24, 3, 3, 3}, 1, new long[] {2, 2},
                new long[] {1, 1, 1, 1}, null, true),
            new Case("5x3 stride (2,1) dilation 2", new int[] {2, 13, 17, 12}, new int[] {24, 13, 5, 3}, 1,
                new long[] {2, 1}, new long[] {2, 1, 1, 3}, new long[] {2, 2}, true),
            new Case("grouped 3x3", new int[] {1, 24, 10, 10}, new int[] {36, 6, 3, 3}, 4, null, new long[] {1, 1, 1, 1},
                null, false),
            new Case("depthwise 3x3 s1 odd width", new int[] {3, 13, 11, 37}, new int[] {13, 1, 3, 3}, 13, null,
                new long[] {1, 1, 1, 1}, null, true),
            new Case("depthwise 3x3 s2", new int[] {1, 24, 17, 40}, new int[] {24, 1, 3, 3}, 24, new long[] {2, 2},
                new long[] {1, 1, 1, 1}, null, true),
            new Case("depthwise 3x3 s2 TF-style pads", new int[] {2, 13, 16, 16}, new int[] {13, 1, 3, 3}, 13,
                new long[] {2, 2}, new long[] {0, 0, 1, 1}, null, true),
            new Case("depthwise 5x5 s2 wide", new int[] {1, 13, 12, 70}, new int[] {13, 1, 5, 5}, 13,
                new long[] {2, 2}, new long[] {2, 2, 2, 2}, null, false),
            new Case("depthwise 3x3 s1 7x7", new int[] {1, 24, 7, 7}, new int[] {24, 1, 3, 3}, 24, null,
                new long[] {1, 1, 1, 1}, null, true),
            new Case("depthwise 3x3 stride 3 dilation 2", new int[] {1, 13, 20, 50}, new int[] {13, 1, 3, 3}, 13,
                new long[] {3, 3}, new long[] {2, 1, 0, 2}, new long[] {2, 2}, true),
            new Case("depthwise unpadded narrower than a vector", new int[] {2, 13, 5, 4}, new int[] {13, 1, 3, 3}, 13,
                null, null, null, true),
            new Case("channel multiplier 2", new int[] {1, 12, 8, 8}, new int[] {24, 1, 3, 3}, 12, null,
                new long[] {1, 1, 1, 1}, null, true));
    }

    static Stream<Arguments> casesWithActivations() {
        List<Activation> activations = List.of(Activation.none(), Activation.relu(), Activation.relu6(),
            Activation.leakyRelu(0.1f), Activation.hardSwish(), Activation.sigmoid(), Activation.swish());
        List<Case> all = cases().toList();
        List<Arguments> args = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            args.add(Arguments.of(all.get(i), activations.get(i % activations.size())));
        }
        return args.stream();
    }

    static Conv conv(Case c) {
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("group", (long) c.group());
        if (c.strides() != null) {
            attributes.put("strides", c.strides());
        }
        if (c.pads() != null) {
            attributes.put("pads", c.pads());
        }
        if (c.dilations() != null) {
            attributes.put("dilations", c.dilations());
        }
        return Conv.create(new NodeSpec("conv", "Conv", 11, new Attributes(attributes), c.bias() ? 3 : 2, 1));
    }

    private static Tensor[] inputs(Case c) {
        Tensor x = random(1, c.input());
        Tensor w = random(2, c.weights());
        return c.bias() ? new Tensor[] {x, w, random(3, c.weights()[0])} : new Tensor[] {x, w};
    }

    /** The reference conv's output with the activation applied element by element. */
    private static float[] expected(Case c, Activation activation) {
        float[] y = OpHarness.run1(conv(c), inputs(c)).toFloatArray();
        for (int i = 0; i < y.length; i++) {
            y[i] = activation.apply(y[i]);
        }
        return y;
    }

    private static FusedConv fused(Case c, Activation activation) {
        Tensor[] in = inputs(c);
        return FusedConv.create(conv(c), in[1], c.bias() ? in[2] : null, activation);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("casesWithActivations")
    void matchesTheReferenceConvFollowedByTheActivation(Case c, Activation activation) {
        Tensor actual = OpHarness.run1(fused(c, activation), inputs(c));

        assertWithinRounding(c + " " + activation, expected(c, activation), actual.toFloatArray());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void twoThreadsGiveTheSameResultAsTheReference(Case c) {
        FusedConv op = fused(c, Activation.relu());
        Tensor[] in = inputs(c);
        TensorInfo out = op.inferOutputs(Arrays.stream(in).map(t -> TensorInfo.of(t.type(), t.shape())).toList()).get(0);
        // Output placed at an offset in a larger, dirty buffer, as an arena view is.
        float[] buffer = new float[Arrays.stream(out.shape()).reduce(1, (a, b) -> a * b) + 10];
        Arrays.fill(buffer, Float.NaN);
        Tensor y = Tensor.wrap(out.type(), out.shape(), buffer, 5);

        op.eval(in, new Tensor[] {y}, new ExecutionContext(TWO_THREADS));

        assertWithinRounding(c.toString(), expected(c, Activation.relu()), y.toFloatArray());
        assertThat(buffer[4]).isNaN();
        assertThat(buffer[buffer.length - 5]).isNaN();
    }

    @Test
    void withActivationSharesThePackedWeightsAndChangesOnlyTheActivation() {
        Case c = cases().findFirst().orElseThrow();
        FusedConv plain = fused(c, Activation.none());
        FusedConv relu = plain.withActivation(Activation.relu());

        assertThat(relu.activation()).isEqualTo(Activation.relu());
        assertThat(plain.activation()).isEqualTo(Activation.none());
        assertWithinRounding("relu", expected(c, Activation.relu()), OpHarness.run1(relu, inputs(c)).toFloatArray());
    }

    @Test
    void aSecondBatchSizeIsPlannedAfresh() {
        Case small = cases().findFirst().orElseThrow();
        FusedConv op = fused(small, Activation.none());
        Case larger = new Case("batch 5", new int[] {5, 13, 7, 9}, small.weights(), 1, null, null, null, true);

        OpHarness.run1(op, inputs(small));
        Tensor actual = OpHarness.run1(op, inputs(larger));

        assertWithinRounding("batch 5", expected(larger, Activation.none()), actual.toFloatArray());
    }

    @Test
    void weightsPackedForOneByOnePlanesComputeTheSameOnThemAndOnLargerPlanes() {
        Case onePosition = new Case("1x1 plane batch 3", new int[] {3, 24, 1, 1}, new int[] {13, 24, 1, 1}, 1, null, null,
            null, true);
        Case largerPlane = new Case("4x5 plane", new int[] {2, 24, 4, 5}, new int[] {13, 24, 1, 1}, 1, null, null, null,
            true);
        Tensor[] in = inputs(onePosition);
        FusedConv op = FusedConv.create(conv(onePosition), in[1], in[2], Activation.hardSwish(), true);

        assertThat(op.packedForSmallPlanes()).isTrue();
        assertWithinRounding("1x1 plane", expected(onePosition, Activation.hardSwish()),
            OpHarness.run1(op, inputs(onePosition)).toFloatArray());
        assertWithinRounding("4x5 plane", expected(largerPlane, Activation.hardSwish()),
            OpHarness.run1(op, inputs(largerPlane)).toFloatArray());
        Tensor y = Tensor.zeros(io.lcnnserve.core.tensor.DataType.FLOAT, 3, 13, 1, 1);
        op.eval(inputs(onePosition), new Tensor[] {y}, new ExecutionContext(TWO_THREADS));
        assertWithinRounding("1x1 plane on two threads", expected(onePosition, Activation.hardSwish()), y.toFloatArray());
    }

    @Test
    void sevenBySevenPlanesRunTheTransposedProductOnOneAndTwoThreads() {
        Case plane = new Case("7x7 plane batch 2", new int[] {2, 40, 7, 7}, new int[] {96, 40, 1, 1}, 1, null, null, null,
            true);
        Tensor[] in = inputs(plane);
        FusedConv op = FusedConv.create(conv(plane), in[1], in[2], Activation.relu6(),
            FusedConv.prefersTransposedProduct(49));

        assertThat(op.packedForSmallPlanes()).isTrue();
        assertThat(FusedConv.prefersTransposedProduct(14 * 14)).isFalse();
        assertWithinRounding("7x7 plane", expected(plane, Activation.relu6()), OpHarness.run1(op, in).toFloatArray());
        Tensor y = Tensor.zeros(io.lcnnserve.core.tensor.DataType.FLOAT, 2, 96, 7, 7);
        op.eval(in, new Tensor[] {y}, new ExecutionContext(TWO_THREADS));
        assertWithinRounding("7x7 plane on two threads", expected(plane, Activation.relu6()), y.toFloatArray());
    }

    @Test
    void reportsItsOwnOpTypeAndKeepsConvShapeInference() {
        Case c = cases().skip(4).findFirst().orElseThrow();
        FusedConv op = fused(c, Activation.none());
        List<TensorInfo> in = Arrays.stream(inputs(c)).map(t -> TensorInfo.of(t.type(), t.shape())).toList();

        assertThat(op.opType()).isEqualTo("FusedConv");
        assertArrayEquals(conv(c).inferOutputs(in).get(0).shape(), op.inferOutputs(in).get(0).shape());
    }

    /** max |diff| <= 1e-4 * max |expected| (+ a tiny absolute floor). */
    static void assertWithinRounding(String what, float[] expected, float[] actual) {
        assertThat(actual).hasSameSizeAs(expected);
        double scale = 0;
        double worst = 0;
        int worstAt = -1;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            double diff = Math.abs(expected[i] - actual[i]);
            if (!(diff <= worst)) {
                worst = diff;
                worstAt = i;
            }
        }
        double tolerance = 1e-4 * scale + 1e-6;
        double worstDiff = worst;
        int at = worstAt;
        assertTrue(worstDiff <= tolerance, () -> what + ": max |diff| " + worstDiff + " at " + at + " exceeds "
            + tolerance + " (expected " + expected[at] + ", got " + actual[at] + ")");
    }
}
