package dev.inspection.core.postprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BilinearResizeTest {

    @Test
    void upsamplesTwoToFourWithoutAlignCornersLikePyTorch() {
        // F.interpolate([[1, 2]], size=4, mode='linear', align_corners=False) = [1, 1.25, 1.75, 2]
        float[] out = new float[4];
        new BilinearResize(1, 2, 1, 4, false).resize(new float[] {1, 2}, 0, out, 0);
        assertArrayEquals(new float[] {1f, 1.25f, 1.75f, 2f}, out);
    }

    @Test
    void upsamplesTwoToThreeWithAlignCorners() {
        float[] out = new float[9];
        float[] src = {0, 2, 4, 6};
        new BilinearResize(2, 2, 3, 3, true).resize(src, 0, out, 0);
        assertArrayEquals(new float[] {0, 1, 2, 2, 3, 4, 4, 5, 6}, out);
    }

    @Test
    void downsamplesByTwoAsPairAveragesWithoutAlignCorners() {
        float[] src = {1, 3, 5, 7};
        float[] out = new float[2];
        new BilinearResize(1, 4, 1, 2, false).resize(src, 0, out, 0);
        assertArrayEquals(new float[] {2, 6}, out);
    }

    @Test
    void sameSizeIsIdentityForBothModes() {
        float[] src = randomMap(new Random(1), 5 * 7);
        for (boolean align : new boolean[] {false, true}) {
            float[] out = new float[src.length];
            new BilinearResize(5, 7, 5, 7, align).resize(src, 0, out, 0);
            assertArrayEquals(src, out, "alignCorners=" + align);
        }
    }

    @Test
    void matchesDoublePrecisionFormulaOnRandomMaps() {
        Random random = new Random(7);
        int[][] sizes = {{36, 36, 288, 288}, {18, 18, 36, 36}, {16, 16, 256, 256}, {5, 3, 11, 8}, {9, 9, 4, 4}};
        for (int[] s : sizes) {
            float[] src = randomMap(random, s[0] * s[1]);
            for (boolean align : new boolean[] {false, true}) {
                float[] out = new float[s[2] * s[3]];
                new BilinearResize(s[0], s[1], s[2], s[3], align).resize(src, 0, out, 0);
                double[] expected = reference(src, s[0], s[1], s[2], s[3], align);
                for (int i = 0; i < out.length; i++) {
                    assertEquals(expected[i], out[i], 1e-6, "size " + java.util.Arrays.toString(s) + " align "
                            + align + " index " + i);
                }
            }
        }
    }

    @Test
    void resizeAndAddAccumulatesAndOffsetsAreHonoured() {
        float[] src = {0, 0, 0, 1, 2, 3, 4, 5};
        float[] dst = new float[1 + 9];
        java.util.Arrays.fill(dst, 10f);
        new BilinearResize(2, 2, 3, 3, true).resizeAndAdd(src, 4, dst, 1);
        assertArrayEquals(new float[] {10, 12, 12.5f, 13, 13, 13.5f, 14, 14, 14.5f, 15}, dst);
    }

    @Test
    void rejectsBadSizesAndShortArrays() {
        assertThrows(IllegalArgumentException.class, () -> new BilinearResize(0, 2, 2, 2, false));
        BilinearResize resize = new BilinearResize(2, 2, 4, 4, false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> resize.resize(new float[3], 0, new float[16], 0));
        assertEquals("src needs 4 values from offset 0 but has length 3", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> resize.resize(new float[4], 0, new float[16], 1));
    }

    /** Straightforward double-precision bilinear interpolation with PyTorch's coordinate rules. */
    private static double[] reference(float[] src, int ih, int iw, int oh, int ow, boolean align) {
        double[] out = new double[oh * ow];
        for (int y = 0; y < oh; y++) {
            double sy = source(y, ih, oh, align);
            int y0 = (int) Math.floor(sy);
            int y1 = Math.min(y0 + 1, ih - 1);
            double ly = sy - y0;
            for (int x = 0; x < ow; x++) {
                double sx = source(x, iw, ow, align);
                int x0 = (int) Math.floor(sx);
                int x1 = Math.min(x0 + 1, iw - 1);
                double lx = sx - x0;
                out[y * ow + x] = (1 - ly) * ((1 - lx) * src[y0 * iw + x0] + lx * src[y0 * iw + x1])
                        + ly * ((1 - lx) * src[y1 * iw + x0] + lx * src[y1 * iw + x1]);
            }
        }
        return out;
    }

    /**
     * PyTorch computes the source coordinate in float (opmath of a float tensor); that rounding is part
     * of its result (about 1e-6 at 36 -> 288), so the reference does the same and the rest in double.
     */
    private static double source(int d, int in, int out, boolean align) {
        if (align) {
            float scale = out > 1 ? (float) (in - 1) / (float) (out - 1) : 0f;
            return scale * (float) d;
        }
        float scale = (float) in / (float) out;
        return Math.max(scale * ((float) d + 0.5f) - 0.5f, 0f);
    }

    private static float[] randomMap(Random random, int n) {
        float[] map = new float[n];
        for (int i = 0; i < n; i++) {
            map[i] = (float) random.nextGaussian();
        }
        return map;
    }
}
