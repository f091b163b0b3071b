package dev.inspection.core.bgad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PositionalEncodingTest {

    @Test
    void columnsThenRowsInterleavedSinCos() {
        int h = 3;
        int w = 5;
        float[] p = PositionalEncoding.table(h, w, 128);
        int y = 2;
        int x = 4;
        int row = (y * w + x) * 128;
        double div1 = Math.exp(-2 * Math.log(10000.0) / 64);
        assertEquals(Math.sin(x), p[row], 1e-6);
        assertEquals(Math.cos(x), p[row + 1], 1e-6);
        assertEquals(Math.sin(x * div1), p[row + 2], 1e-6);
        assertEquals(Math.cos(x * div1), p[row + 3], 1e-6);
        assertEquals(Math.sin(y), p[row + 64], 1e-6);
        assertEquals(Math.cos(y), p[row + 65], 1e-6);
        assertEquals(Math.sin(y * div1), p[row + 66], 1e-6);
        double div31 = Math.exp(-62 * Math.log(10000.0) / 64);
        assertEquals(Math.cos(y * div31), p[row + 127], 1e-6);
        // origin: sin 0 = 0, cos 0 = 1 everywhere
        for (int k = 0; k < 128; k++) {
            assertEquals(k % 2 == 0 ? 0f : 1f, p[k], 0f);
        }
        assertThrows(IllegalArgumentException.class, () -> PositionalEncoding.table(2, 2, 6));
    }
}
