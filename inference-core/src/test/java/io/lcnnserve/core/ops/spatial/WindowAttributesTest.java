package io.lcnnserve.core.ops.spatial;

import static io.lcnnserve.core.ops.spatial.SpatialTesting.attributes;
import static io.lcnnserve.core.ops.spatial.SpatialTesting.ints;
import static io.lcnnserve.core.ops.spatial.SpatialTesting.shape;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lcnnserve.core.ops.Attributes;
import io.lcnnserve.core.ops.NodeSpec;
import io.lcnnserve.core.ops.OpException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WindowAttributesTest {

    private static NodeSpec node(int opset, Map<String, Object> attributes) {
        return new NodeSpec("node", "Test", opset, new Attributes(attributes), 1, 1);
    }

    private static WindowAttributes poolWindow(Object... attributes) {
        return WindowAttributes.reader(node(19, attributes(attributes))).requireKernelShape().autoPad().dilations(10)
            .ceilMode(10).read();
    }

    private static WindowGeometry forward(int input, Object... attributes) {
        WindowAttributes window = poolWindow(attributes);
        return window.forward(shape(input), window.kernelShape());
    }

    @Test
    void explicitPadsFloorTheWindowCount() {
        WindowGeometry g = forward(7, "kernel_shape", ints(3), "strides", ints(2), "pads", ints(1, 0));
        assertArrayEquals(shape(3), g.outputShape());
        assertArrayEquals(shape(1), g.padsBegin());
        assertArrayEquals(shape(0), g.padsEnd());
    }

    @Test
    void ceilModeRoundsUpButNeverStartsAWindowInTheEndPadding() {
        assertArrayEquals(shape(4), forward(7, "kernel_shape", ints(2), "strides", ints(2), "ceil_mode", 1).outputShape());
        assertArrayEquals(shape(3), forward(6, "kernel_shape", ints(2), "strides", ints(2), "ceil_mode", 1).outputShape());
        assertArrayEquals(shape(3),
            forward(6, "kernel_shape", ints(2), "strides", ints(2), "pads", ints(0, 1), "ceil_mode", 1).outputShape());
        assertArrayEquals(shape(4),
            forward(6, "kernel_shape", ints(2), "strides", ints(2), "pads", ints(1, 1), "ceil_mode", 1).outputShape());
    }

    @Test
    void validIsExplicitZeroPadding() {
        WindowGeometry g = forward(6, "kernel_shape", ints(3), "strides", ints(2), "auto_pad", "VALID");
        assertArrayEquals(shape(2), g.outputShape());
        assertArrayEquals(shape(0), g.padsBegin());
    }

    @Test
    void sameSplitsAnOddTotalPaddingByMode() {
        WindowGeometry upper = forward(5, "kernel_shape", ints(4), "auto_pad", "SAME_UPPER");
        assertArrayEquals(shape(5), upper.outputShape());
        assertArrayEquals(shape(1), upper.padsBegin());
        assertArrayEquals(shape(2), upper.padsEnd());
        WindowGeometry lower = forward(5, "kernel_shape", ints(4), "auto_pad", "SAME_LOWER");
        assertArrayEquals(shape(2), lower.padsBegin());
        assertArrayEquals(shape(1), lower.padsEnd());
    }

    @Test
    void samePaddingUsesTheDilatedKernelAndNeverGoesNegative() {
        WindowGeometry dilated = forward(5, "kernel_shape", ints(2), "dilations", ints(3), "auto_pad", "SAME_UPPER");
        assertArrayEquals(shape(1), dilated.padsBegin());
        assertArrayEquals(shape(2), dilated.padsEnd());
        WindowGeometry sparse = forward(6, "kernel_shape", ints(1), "strides", ints(4), "auto_pad", "SAME_LOWER");
        assertArrayEquals(shape(2), sparse.outputShape());
        assertArrayEquals(shape(0), sparse.padsBegin());
        assertArrayEquals(shape(0), sparse.padsEnd());
    }

    @Test
    void transposedGeometryDescribesTheConvolutionItIsTheGradientOf() {
        WindowAttributes window = WindowAttributes.reader(node(11, attributes("strides", ints(3), "pads", ints(1, 2))))
            .autoPad().dilations(1).read();
        WindowGeometry g = window.transposed(shape(4), shape(3), shape(1), null);
        // full = 3 * (4 - 1) + 1 + 3 = 13, cropped by 1 and 2.
        assertArrayEquals(shape(10), g.inputShape());
        assertArrayEquals(shape(4), g.outputShape());
        assertArrayEquals(shape(1), g.padsBegin());
        assertArrayEquals(shape(2), g.padsEnd());
    }

    @Test
    void readsEveryDeclaredAttributeSoUndeclaredOnesStayUnread() {
        Attributes attributes = new Attributes(attributes("kernel_shape", ints(2), "ceil_mode", 1, "dilations", ints(1)));
        WindowAttributes.reader(new NodeSpec("node", "Test", 11, attributes, 1, 1)).requireKernelShape().read();
        assertEquals(java.util.Set.of("ceil_mode", "dilations"), attributes.unread());
    }

    @Test
    void rejectsInconsistentAttributeLengths() {
        OpException e = assertThrows(OpException.class,
            () -> poolWindow("kernel_shape", ints(2, 2), "strides", ints(1, 1, 1)));
        assertTrue(e.getMessage().contains("strides") && e.getMessage().contains("kernel_shape"), e.getMessage());
    }

    @Test
    void rejectsAttributesForAnotherInputRank() {
        WindowAttributes window = poolWindow("kernel_shape", ints(2, 2));
        assertThrows(OpException.class, () -> window.forward(shape(5), shape(2)));
    }

    @Test
    void rejectsAnAttributeNewerThanTheOpset() {
        NodeSpec node = node(9, attributes("kernel_shape", ints(2), "ceil_mode", 0));
        OpException e = assertThrows(OpException.class,
            () -> WindowAttributes.reader(node).requireKernelShape().ceilMode(10).read());
        assertTrue(e.getMessage().contains("opset 10"), e.getMessage());
    }

    @Test
    void rejectsAWindowLargerThanThePaddedInput() {
        OpException e = assertThrows(OpException.class, () -> forward(2, "kernel_shape", ints(3)));
        assertTrue(e.getMessage().contains("kernel extent 3"), e.getMessage());
    }
}
