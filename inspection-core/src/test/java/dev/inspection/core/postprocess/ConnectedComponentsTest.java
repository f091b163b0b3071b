package dev.inspection.core.postprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ConnectedComponentsTest {

    @Test
    void diagonalNeighboursAreConnected() {
        byte[] mask = parse(
                "1...",
                ".1..",
                "..1.",
                "....");
        int[] labels = new int[16];
        assertEquals(1, ConnectedComponents.label(mask, 4, 4, labels, new int[16]));
        assertEquals(1, labels[0]);
        assertEquals(1, labels[5]);
        assertEquals(1, labels[10]);
    }

    @Test
    void labelsSeparateComponentsInRowMajorOrderOfTheirFirstPixel() {
        byte[] mask = parse(
                "..11.",
                "1....",
                "1..1.",
                "...11");
        int[] labels = new int[20];
        int count = ConnectedComponents.label(mask, 4, 5, labels, new int[20]);
        assertEquals(3, count);
        assertArrayEquals(new int[] {
            0, 0, 1, 1, 0,
            2, 0, 0, 0, 0,
            2, 0, 0, 3, 0,
            0, 0, 0, 3, 3}, labels);
    }

    @Test
    void handlesOneHugeRegionWithoutRecursion() {
        int h = 400;
        int w = 400;
        byte[] mask = new byte[h * w];
        // A serpentine path through the whole image: deep for any recursive fill.
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean wall = y % 2 == 1 && (y % 4 == 1 ? x != w - 1 : x != 0);
                mask[y * w + x] = (byte) (wall ? 0 : 1);
            }
        }
        int[] labels = new int[h * w];
        assertEquals(1, ConnectedComponents.label(mask, h, w, labels, new int[h * w]));
    }

    @Test
    void emptyMaskHasNoComponentsAndLabelsAreReset() {
        int[] labels = {5, 5, 5, 5};
        assertEquals(0, ConnectedComponents.label(new byte[4], 2, 2, labels, new int[4]));
        assertArrayEquals(new int[4], labels);
    }

    @Test
    void rejectsShortBuffers() {
        assertThrows(IllegalArgumentException.class,
                () -> ConnectedComponents.label(new byte[4], 2, 2, new int[3], new int[4]));
        assertThrows(IllegalArgumentException.class,
                () -> ConnectedComponents.label(new byte[3], 2, 2, new int[4], new int[4]));
    }

    /** Rows of '1' (foreground) and '.' (background). */
    static byte[] parse(String... rows) {
        int w = rows[0].length();
        byte[] mask = new byte[rows.length * w];
        for (int y = 0; y < rows.length; y++) {
            for (int x = 0; x < w; x++) {
                mask[y * w + x] = (byte) (rows[y].charAt(x) == '1' ? 1 : 0);
            }
        }
        return mask;
    }
}
