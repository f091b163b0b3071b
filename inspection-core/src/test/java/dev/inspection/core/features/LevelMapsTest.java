package dev.inspection.core.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LevelMapsTest {

    @Test
    void transposesChannelsToPositionRows() {
        int channels = 40;
        int height = 9;
        int width = 7; // 63 positions: partial tiles on both axes
        float[] chw = new float[3 + channels * height * width];
        for (int i = 3; i < chw.length; i++) {
            chw[i] = i - 3;
        }
        float[] rows = new float[2 + channels * height * width];
        LevelMaps.toPositionRows(chw, 3, channels, height, width, rows, 2);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < channels; c++) {
                    int n = y * width + x;
                    assertEquals(chw[3 + (c * height + y) * width + x], rows[2 + n * channels + c]);
                }
            }
        }
        assertThrows(IndexOutOfBoundsException.class,
                () -> LevelMaps.toPositionRows(chw, 4, channels, height, width, rows, 2));
    }
}
