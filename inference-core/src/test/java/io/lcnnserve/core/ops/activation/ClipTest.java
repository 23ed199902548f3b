package io.lcnnserve.core.ops.activation;

import static io.lcnnserve.core.ops.OpHarness.assertFloats;
import static io.lcnnserve.core.ops.OpHarness.create;
import static io.lcnnserve.core.ops.OpHarness.run1;
import static io.lcnnserve.core.ops.OpHarness.shape;
import static io.lcnnserve.core.ops.OpHarness.infer;
import static io.lcnnserve.core.ops.OpHarness.loadError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lcnnserve.core.ops.Op;
import io.lcnnserve.core.ops.OpException;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClipTest {
    private static final Tensor X = Tensor.of(new float[] {-3, -1, 0, 2, 7, Float.NaN}, 6);

    @Test
    void opset6ClipsToTheMinAndMaxAttributes() {
        Op relu6 = create("Clip", 6, 1, Map.of("min", 0f, "max", 6f));
        assertFloats(shape(6), new float[] {0, 0, 0, 2, 6, Float.NaN}, run1(relu6, X), 0);
    }

    @Test
    void opset6DefaultsToTheFiniteFloatRange() {
        Op unbounded = create("Clip", 6, 1, Map.of());
        Tensor y = run1(unbounded, Tensor.of(new float[] {Float.NEGATIVE_INFINITY, 1, Float.POSITIVE_INFINITY}, 3));
        assertFloats(shape(3), new float[] {-Float.MAX_VALUE, 1, Float.MAX_VALUE}, y, 0);
    }

    @Test
    void opset11ReadsTheBoundsFromScalarInputs() {
        Op clip = create("Clip", 13, 3, Map.of());
        Tensor y = run1(clip, X, Tensor.scalar(-1), Tensor.scalar(1));
        assertFloats(shape(6), new float[] {-1, -1, 0, 1, 1, Float.NaN}, y, 0);
    }

    @Test
    void opset11AcceptsOneElementVectorBounds() {
        Op clip = create("Clip", 11, 3, Map.of());
        Tensor y = run1(clip, X, Tensor.of(new float[] {0}, 1), Tensor.of(new float[] {6}, 1));
        assertFloats(shape(6), new float[] {0, 0, 0, 2, 6, Float.NaN}, y, 0);
    }

    @Test
    void anOmittedMinDoesNotClipFromBelow() {
        Op clip = create("Clip", 13, 3, Map.of());
        Tensor y = run1(clip, Tensor.of(new float[] {Float.NEGATIVE_INFINITY, 5}, 2), null, Tensor.scalar(1));
        assertFloats(shape(2), new float[] {Float.NEGATIVE_INFINITY, 1}, y, 0);
    }

    @Test
    void withOnlyMinGivenNothingIsClippedFromAbove() {
        Op clip = create("Clip", 13, 2, Map.of());
        Tensor y = run1(clip, Tensor.of(new float[] {-5, Float.POSITIVE_INFINITY}, 2), Tensor.scalar(0));
        assertFloats(shape(2), new float[] {0, Float.POSITIVE_INFINITY}, y, 0);
    }

    @Test
    void withNoBoundsTheInputPassesThrough() {
        Op clip = create("Clip", 13, 1, Map.of());
        assertFloats(shape(6), X.toFloatArray(), run1(clip, X), 0);
    }

    @Test
    void whenMinExceedsMaxEveryElementBecomesMax() {
        Op clip = create("Clip", 13, 3, Map.of());
        Tensor y = run1(clip, Tensor.of(new float[] {-5, 0, 5}, 3), Tensor.scalar(2), Tensor.scalar(1));
        assertFloats(shape(3), new float[] {1, 1, 1}, y, 0);
    }

    @Test
    void rejectsBoundsWithMoreThanOneElement() {
        Op clip = create("Clip", 13, 2, Map.of());
        OpException e = assertThrows(OpException.class, () -> infer(clip, X, Tensor.zeros(DataType.FLOAT, 2)));
        assertEquals("min must be a scalar, got shape [2]", e.getMessage());
    }

    @Test
    void opset11RejectsTheOldBoundAttributes() {
        assertEquals("unsupported attributes [min]", loadError("Clip", 11, 1, Map.of("min", 0f)).getMessage());
    }

    @Test
    void opset6RejectsBoundInputs() {
        assertEquals("expects 1 inputs, got 3", loadError("Clip", 6, 3, Map.of()).getMessage());
    }

    @Test
    void exposesItsBoundsForKernelFusion() {
        Clip attributeBounds = (Clip) create("Clip", 6, 1, Map.of("min", 0f, "max", 6f));
        assertEquals(new Clip.Bounds(0, 6), attributeBounds.bounds(null, null));
        Clip inputBounds = (Clip) create("Clip", 13, 3, Map.of());
        assertEquals(new Clip.Bounds(0, Float.POSITIVE_INFINITY), inputBounds.bounds(Tensor.scalar(0), null));
    }
}
