package dev.inspection.core.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FloatTensorTest {

    @Test
    void indexesInCOrder() {
        FloatTensor t = FloatTensor.zeros(2, 3, 4);
        assertEquals(24, t.size());
        assertEquals(1 * 12 + 2 * 4 + 3, t.index(1, 2, 3));
        t.set(7f, 1, 2, 3);
        assertEquals(7f, t.data()[23]);
        assertEquals(7f, t.get(1, 2, 3));
        assertEquals(12, t.sliceOffset(1));
        assertArrayEquals(new int[] {2, 3, 4}, t.shape());
        FloatTensor reshaped = t.reshape(6, 4);
        assertTrue(reshaped.data() == t.data(), "reshape shares data");
        assertEquals(7f, reshaped.get(5, 3));
    }

    @Test
    void rejectsMismatchedShapesAndIndices() {
        assertThrows(IllegalArgumentException.class, () -> new FloatTensor(new float[5], 2, 3));
        assertThrows(IllegalArgumentException.class, () -> FloatTensor.zeros(2, -1));
        FloatTensor t = FloatTensor.zeros(2, 3);
        assertThrows(IndexOutOfBoundsException.class, () -> t.get(2, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> t.get(0, -1));
        assertThrows(IllegalArgumentException.class, () -> t.get(1));
        int[] shape = t.shape();
        shape[0] = 99;
        assertEquals(2, t.dim(0), "shape is defensively copied");
    }
}
