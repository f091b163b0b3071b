package dev.inspection.core.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.inspection.core.image.RgbImage;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CopyPasteTest {

    private static final int SIZE = 40;

    private static RgbImage grey(int v) {
        byte[] rgb = new byte[SIZE * SIZE * 3];
        java.util.Arrays.fill(rgb, (byte) v);
        return new RgbImage(SIZE, SIZE, rgb);
    }

    private static MaskedImage squareDefect(int x0, int y0, int side) {
        byte[] rgb = new byte[SIZE * SIZE * 3];
        byte[] mask = new byte[SIZE * SIZE];
        for (int y = y0; y < y0 + side; y++) {
            for (int x = x0; x < x0 + side; x++) {
                int p = y * SIZE + x;
                mask[p] = 1;
                rgb[3 * p] = (byte) 250;
            }
        }
        return new MaskedImage(new RgbImage(SIZE, SIZE, rgb), mask);
    }

    @Test
    void pastesInPlaceWhenTheDefectLiesInTheForeground() {
        byte[] fg = new byte[SIZE * SIZE];
        java.util.Arrays.fill(fg, (byte) 1);
        MaskedImage defect = squareDefect(30, 30, 6);
        MaskedImage out = CopyPaste.paste(grey(100), fg, defect, new SplittableRandom(1));
        assertArrayEquals(defect.mask(), out.mask());
        int p = 32 * SIZE + 32;
        assertEquals(250, out.image().rgb()[3 * p] & 0xff);
        assertEquals(100, out.image().rgb()[0] & 0xff, "background untouched");
    }

    @Test
    void movesTheDefectIntoTheForegroundOtherwise() {
        byte[] fg = new byte[SIZE * SIZE];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE / 2; x++) {
                fg[y * SIZE + x] = 1; // left half only
            }
        }
        for (long seed = 0; seed < 20; seed++) {
            MaskedImage out = CopyPaste.paste(grey(100), fg, squareDefect(30, 10, 6), new SplittableRandom(seed));
            assertEquals(36, out.maskedPixels(), "whole defect kept");
            long sx = 0;
            for (int p = 0; p < SIZE * SIZE; p++) {
                if (out.mask()[p] != 0) {
                    sx += p % SIZE;
                    assertEquals(250, out.image().rgb()[3 * p] & 0xff, "pixels follow the mask");
                } else {
                    assertEquals(100, out.image().rgb()[3 * p] & 0xff);
                }
            }
            assertTrue(sx / 36 < SIZE / 2, "centroid moved into the foreground");
        }
        assertThrows(IllegalArgumentException.class,
                () -> CopyPaste.paste(grey(1), new byte[3], squareDefect(0, 0, 2), new SplittableRandom(1)));
    }

    @Test
    void foregroundByBorderContrastFallsBackToWholeImage() {
        byte[] rgb = new byte[SIZE * SIZE * 3];
        for (int y = 10; y < 30; y++) {
            for (int x = 10; x < 30; x++) {
                int p = y * SIZE + x;
                rgb[3 * p] = rgb[3 * p + 1] = rgb[3 * p + 2] = (byte) 200;
            }
        }
        byte[] fg = ForegroundMask.byBorderContrast(new RgbImage(SIZE, SIZE, rgb), ForegroundMask.DEFAULT_THRESHOLD);
        assertEquals(1, fg[20 * SIZE + 20]);
        assertEquals(0, fg[0]);
        byte[] flat = ForegroundMask.byBorderContrast(grey(120), ForegroundMask.DEFAULT_THRESHOLD);
        for (byte b : flat) {
            assertEquals(1, b);
        }
    }
}
