package dev.inspection.core.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Compares the port with outputs of Pillow 9.4.0 itself, stored in
 * {@code src/test/resources/image/pillow_reference.txt} (generator script beside it).
 */
class PillowResizeTest {

    record Case(String filter, int channels, int width, int height, int outWidth, int outHeight, byte[] expected) {
        @Override
        public String toString() {
            return filter + " " + channels + "ch " + width + "x" + height + " -> " + outWidth + "x" + outHeight;
        }
    }

    static byte[] pattern(int width, int height, int channels) {
        byte[] data = new byte[width * height * channels];
        int i = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < channels; c++) {
                    data[i++] = (byte) ((x * 37 + y * 91 + c * 53 + ((x * y) % 29) * 7 + (x * x * y) % 11) % 256);
                }
            }
        }
        return data;
    }

    static List<Case> referenceCases() throws Exception {
        List<Case> cases = new ArrayList<>();
        try (InputStream in = PillowResizeTest.class.getResourceAsStream("/image/pillow_reference.txt");
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            String line;
            while ((line = reader.readLine()) != null) {
                String[] f = line.split(" ");
                cases.add(new Case(f[0], f[1].equals("RGB") ? 3 : 1, Integer.parseInt(f[2]), Integer.parseInt(f[3]),
                        Integer.parseInt(f[4]), Integer.parseInt(f[5]), HexFormat.of().parseHex(f[6])));
            }
        }
        assertEquals(11, cases.size(), "reference file lines");
        return cases;
    }

    @Test
    void matchesPillowOutputsBitForBit() throws Exception {
        for (Case c : referenceCases()) {
            byte[] src = pattern(c.width(), c.height(), c.channels());
            byte[] actual = switch (c.filter()) {
                case "BILINEAR" -> PillowResize.bilinear(src, c.width(), c.height(), c.channels(), c.outWidth(), c.outHeight());
                case "NEAREST" -> PillowResize.nearest(src, c.width(), c.height(), c.channels(), c.outWidth(), c.outHeight());
                case "CENTERCROP" -> new Preprocessor(PreprocessingSpec.centerCrop(50, 41))
                        .resizeAndCropImage(new RgbImage(c.width(), c.height(), src)).rgb();
                default -> throw new IllegalStateException(c.filter());
            };
            assertArrayEquals(c.expected(), actual, c.toString());
        }
    }

    @Test
    void windowEqualsCropOfFullResize() {
        byte[] src = pattern(100, 60, 3);
        byte[] full = PillowResize.bilinear(src, 100, 60, 3, 33, 71);
        byte[] window = new byte[10 * 20 * 3];
        PillowResize.bilinearWindow(src, 100, 60, 3, 33, 71, 5, 40, 10, 20, window);
        for (int y = 0; y < 20; y++) {
            for (int x = 0; x < 10; x++) {
                for (int c = 0; c < 3; c++) {
                    assertEquals(full[((40 + y) * 33 + 5 + x) * 3 + c], window[(y * 10 + x) * 3 + c]);
                }
            }
        }
    }

    @Test
    void sameSizeIsIdentity() {
        byte[] src = pattern(19, 7, 3);
        assertArrayEquals(src, PillowResize.bilinear(src, 19, 7, 3, 19, 7));
        assertArrayEquals(src, PillowResize.nearest(src, 19, 7, 3, 19, 7));
    }

    @Test
    void constantImageStaysConstant() {
        byte[] src = new byte[50 * 40 * 3];
        java.util.Arrays.fill(src, (byte) 200);
        for (byte b : PillowResize.bilinear(src, 50, 40, 3, 21, 33)) {
            assertEquals((byte) 200, b);
        }
    }

    @Test
    void coefficientsFollowPillowsSupportScaling() {
        ResampleCoefficients down = PillowResize.coefficients(448, 329);
        // support = 448/329 ~ 1.36, so at most 2*ceil(1.36)+1 = 5 taps.
        assertEquals(5, down.maxTaps);
        for (int i = 0; i < down.outSize; i++) {
            int sum = 0;
            for (int t = 0; t < down.count[i]; t++) {
                sum += down.weights[i * down.maxTaps + t];
            }
            // Normalised weights, each rounded to 2^-22: the sum is 1.0 within the rounding of the taps.
            assertTrue(Math.abs(sum - (1 << 22)) <= down.count[i], "row " + i + " sums to " + sum);
        }
        assertTrue(PillowResize.coefficients(448, 329) == down, "tables are cached");
        ResampleCoefficients up = PillowResize.coefficients(10, 40);
        assertEquals(3, up.maxTaps);
    }

    @Test
    void rejectsBadArguments() {
        byte[] src = pattern(10, 10, 3);
        assertThrows(IllegalArgumentException.class, () -> PillowResize.bilinear(src, 10, 9, 3, 5, 5));
        assertThrows(IllegalArgumentException.class, () -> PillowResize.bilinear(src, 10, 10, 3, 0, 5));
        assertThrows(IllegalArgumentException.class,
                () -> PillowResize.bilinearWindow(src, 10, 10, 3, 5, 5, 3, 0, 3, 5, new byte[45]));
    }
}
