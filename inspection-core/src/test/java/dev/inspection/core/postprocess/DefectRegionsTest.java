package dev.inspection.core.postprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DefectRegionsTest {

    private static final int H = 6;
    private static final int W = 8;

    /** Two blobs: a 2x3 block (peak 0.7) at top-left and an L shape (peak 0.9) at bottom-right, one lone pixel. */
    private static float[] map() {
        float[] m = new float[H * W];
        java.util.Arrays.fill(m, 0.1f);
        for (int y = 0; y < 2; y++) {
            for (int x = 1; x < 4; x++) {
                m[y * W + x] = 0.6f;
            }
        }
        m[1 * W + 2] = 0.7f;
        m[3 * W + 6] = 0.8f;
        m[4 * W + 6] = 0.9f;
        m[4 * W + 7] = 0.5f;
        m[5 * W + 0] = 0.95f;
        return m;
    }

    @Test
    void findsRegionsWithBoxAreaPeakCentroidSortedByPeak() {
        List<DefectRegion> regions = new DefectRegions(H, W).find(map(), 0.5, 0);
        assertEquals(3, regions.size());
        assertEquals(new DefectRegion(0, 5, 1, 1, 1, 0.95f, 0f, 5f), regions.get(0));
        assertEquals(new DefectRegion(6, 3, 2, 2, 3, 0.9f, 19f / 3, 11f / 3), regions.get(1));
        assertEquals(new DefectRegion(1, 0, 3, 2, 6, 0.7f, 2f, 0.5f), regions.get(2));
    }

    @Test
    void dropsRegionsBelowMinimumArea() {
        List<DefectRegion> regions = new DefectRegions(H, W).find(map(), 0.5, 2);
        assertEquals(2, regions.size());
        assertTrue(regions.stream().allMatch(r -> r.area() >= 2));
    }

    @Test
    void decisionLineIsInclusiveAndHigherLinesShrinkRegions() {
        DefectRegions finder = new DefectRegions(H, W);
        assertEquals(2, finder.find(map(), 0.6, 2).size());
        List<DefectRegion> high = finder.find(map(), 0.85, 0);
        assertEquals(2, high.size());
        assertEquals(1, high.get(1).area());
        assertEquals(List.of(), finder.find(map(), 0.99, 0));
    }

    @Test
    void binaryMaskIsZeroOr255() {
        byte[] mask = DefectRegions.binaryMask(new float[] {0.2f, 0.5f, 0.49f, 1f}, 0.5, new byte[4]);
        assertArrayEquals(new byte[] {0, (byte) 255, 0, (byte) 255}, mask);
    }

    @Test
    void rejectsWrongMapLengthAndNegativeArea() {
        DefectRegions finder = new DefectRegions(H, W);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> finder.find(new float[3], 0.5, 0));
        assertEquals("map must hold 48 values, got 3", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> finder.find(map(), 0.5, -1));
    }
}
