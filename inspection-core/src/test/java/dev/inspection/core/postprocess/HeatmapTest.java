package dev.inspection.core.postprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class HeatmapTest {

    @Test
    void jetEndpointsAndMiddleMatchMatplotlib() {
        // matplotlib cm.jet(v, bytes=True): 0 -> (0, 0, 127), 1 -> (127, 0, 0)
        assertEquals(0x00007f, Heatmap.jetColor(0f));
        assertEquals(0x7f0000, Heatmap.jetColor(1f));
        // entry 128 (x = 128/255): red (x - 0.35) / 0.31, green 1, blue (0.65 - x) / 0.31
        double x = 128.0 / 255;
        int red = (int) ((x - 0.35) / 0.31 * 255);
        int blue = (int) ((0.65 - x) / 0.31 * 255);
        assertEquals(red << 16 | 0xff << 8 | blue, Heatmap.jetColor(0.5f));
        // entry 32 (x = 32/255 ~ 0.1255): red 0, green (x - 0.125) / 0.25, blue 1
        int green = (int) ((32.0 / 255 - 0.125) / 0.25 * 255);
        assertEquals(green << 8 | 0xff, Heatmap.jetColor(0.125f));
    }

    @Test
    void outOfRangeValuesAreClamped() {
        assertEquals(Heatmap.jetColor(0f), Heatmap.jetColor(-3f));
        assertEquals(Heatmap.jetColor(0f), Heatmap.jetColor(Float.NaN));
        assertEquals(Heatmap.jetColor(1f), Heatmap.jetColor(7f));
    }

    @Test
    void jetFillsInterleavedRgb() {
        byte[] rgb = Heatmap.jet(new float[] {0f, 1f}, new byte[6]);
        assertArrayEquals(new byte[] {0, 0, 127, 127, 0, 0}, rgb);
    }

    @Test
    void blendInterpolatesWithRounding() {
        byte[] base = {0, (byte) 200, 10};
        byte[] over = {(byte) 255, 0, 11};
        assertArrayEquals(base, Heatmap.blend(base, over, 0.0, new byte[3]));
        assertArrayEquals(over, Heatmap.blend(base, over, 1.0, new byte[3]));
        // 0.5: 127.5 -> 128, 100, 10.5 -> 11
        assertArrayEquals(new byte[] {(byte) 128, 100, 11}, Heatmap.blend(base, over, 0.5, new byte[3]));
        // 0.25: 63.75 -> 64, 150, 10.25 -> 10
        assertArrayEquals(new byte[] {64, (byte) 150, 10}, Heatmap.blend(base, over, 0.25, new byte[3]));
    }

    @Test
    void blendRejectsBadAlphaAndMismatchedBuffers() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Heatmap.blend(new byte[3], new byte[3], 1.5, new byte[3]));
        assertEquals("alpha must be in [0, 1], got 1.5", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Heatmap.blend(new byte[3], new byte[6], 0.5, new byte[3]));
        assertThrows(IllegalArgumentException.class, () -> Heatmap.jet(new float[2], new byte[5]));
    }
}
