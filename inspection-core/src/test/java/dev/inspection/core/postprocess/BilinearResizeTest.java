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

    /** A 3x4 float32 map: arange(12) ** 1.7 / 7 with [1, 1] = -2.3. */
    private static final float[] TORCH_INPUT = {0.0f, 0.1428571492433548f, 0.464144229888916f, 0.9247154593467712f,
        1.5080091953277588f, -2.299999952316284f, 3.0044095516204834f, 3.904529333114624f, 4.8995361328125f,
        5.985691070556641f, 7.159818172454834f, 8.41917610168457f};

    @Test
    void matchesPyTorchBitForBitWithoutAlignCorners() {
        // torch 1.13: F.interpolate(x[None, None], size=(5, 7), mode='bilinear', align_corners=False)
        float[] expected = {0.0f, 0.05102041736245155f, 0.13265307247638702f, 0.3035007417201996f,
            0.4970422387123108f, 0.7602258324623108f, 0.9247154593467712f, 0.6032037138938904f,
            0.08981455117464066f, -0.731607973575592f, 0.3229825794696808f, 1.5257071256637573f,
            1.8893588781356812f, 2.1166412830352783f, 1.508009433746338f, 0.14800603687763214f,
            -2.027998924255371f, 0.35220572352409363f, 3.068704128265381f, 3.5830583572387695f,
            3.904529571533203f, 3.5429255962371826f, 3.2316718101501465f, 2.733666181564331f, 4.084535598754883f,
            5.577345371246338f, 6.214867115020752f, 6.613317966461182f, 4.8995361328125f, 5.287448406219482f,
            5.908108711242676f, 6.572754859924316f, 7.249772548675537f, 7.969405651092529f, 8.41917610168457f};
        float[] out = new float[35];
        new BilinearResize(3, 4, 5, 7, false).resize(TORCH_INPUT, 0, out, 0);
        assertArrayEquals(expected, out);
    }

    @Test
    void matchesPyTorchBitForBitWithAlignCorners() {
        // torch 1.13: F.interpolate(x[None, None], size=(5, 7), mode='bilinear', align_corners=True)
        float[] expected = {0.0f, 0.0714285746216774f, 0.1428571492433548f, 0.3035006821155548f, 0.464144229888916f,
            0.694429874420166f, 0.9247154593467712f, 0.7540045976638794f, -0.16228340566158295f,
            -1.0785714387893677f, 0.3278527557849884f, 1.7342768907546997f, 2.0744495391845703f,
            2.4146223068237305f, 1.5080091953277588f, -0.3959953784942627f, -2.299999952316284f,
            0.3522047996520996f, 3.0044095516204834f, 3.4544694423675537f, 3.904529333114624f, 3.20377254486084f,
            2.5233092308044434f, 1.8428455591201782f, 3.462479591369629f, 5.082113742828369f, 5.621983528137207f,
            6.161852836608887f, 4.8995361328125f, 5.44261360168457f, 5.985691070556641f, 6.572754859924316f,
            7.159818172454834f, 7.789497375488281f, 8.41917610168457f};
        float[] out = new float[35];
        new BilinearResize(3, 4, 5, 7, true).resize(TORCH_INPUT, 0, out, 0);
        assertArrayEquals(expected, out);
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

    /** PyTorch's source coordinate: a float scale, widened, and the coordinate in double. */
    private static double source(int d, int in, int out, boolean align) {
        if (align) {
            float scale = out > 1 ? (float) (in - 1) / (float) (out - 1) : 0f;
            return d * (double) scale;
        }
        float scale = (float) in / (float) out;
        return Math.max((d + 0.5) * scale - 0.5, 0);
    }

    private static float[] randomMap(Random random, int n) {
        float[] map = new float[n];
        for (int i = 0; i < n; i++) {
            map[i] = (float) random.nextGaussian();
        }
        return map;
    }
}
