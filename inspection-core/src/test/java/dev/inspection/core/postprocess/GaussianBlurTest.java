package dev.inspection.core.postprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class GaussianBlurTest {

    /**
     * The results below are bit-identical to scipy here; one float ulp of slack allows for Math.exp
     * intrinsics that differ between JVMs.
     */
    private static final double ONE_FLOAT_ULP = 0x1p-23;

    /** A 4x5 float32 map: arange(20) ** 1.5 with [1, 2] = -3.25. */
    private static final float[] SMALL = {0.0f, 1.0f, 2.8284270763397217f, 5.196152687072754f, 8.0f,
        11.180339813232422f, 14.696938514709473f, -3.25f, 22.627416610717773f, 27.0f, 31.62277603149414f,
        36.482872009277344f, 41.56922149658203f, 46.87216567993164f, 52.383201599121094f, 58.094749450683594f,
        64.0f, 70.0927963256836f, 76.3675308227539f, 82.81907653808594f};

    @Test
    void kernelHasScipyRadiusAndSumsToOne() {
        GaussianBlur blur = new GaussianBlur(4.0);
        assertEquals(16, blur.radius());
        double[] k = blur.kernel();
        assertEquals(33, k.length);
        double sum = 0;
        for (int i = 0; i < k.length; i++) {
            sum += k[i];
            assertEquals(k[i], k[k.length - 1 - i], 0.0);
        }
        assertEquals(1.0, sum, 1e-15);
        assertEquals(Math.exp(-1.0 / 32) * k[16], k[17], 1e-17); // exp(-x^2 / (2 sigma^2)) at x = 1, sigma 4
        assertEquals(3, new GaussianBlur(0.7).radius()); // int(4 * 0.7 + 0.5) = int(3.3)
    }

    @Test
    void reflectIsHalfSampleSymmetricAndPeriodic() {
        // d c b a | a b c d | d c b a for n = 4
        int[] expected = {3, 2, 1, 0, 0, 1, 2, 3, 3, 2, 1, 0, 0, 1};
        for (int i = -4; i < 10; i++) {
            assertEquals(expected[i + 4], GaussianBlur.reflect(i, 4), "index " + i);
        }
        assertEquals(0, GaussianBlur.reflect(-17, 1));
    }

    @Test
    void matchesScipyOnSmallMapWithSigmaOne() {
        // scipy.ndimage.gaussian_filter(SMALL.reshape(4, 5), sigma=1.0) (float32), scipy 1.10.1
        float[] expected = {5.949705600738525f, 6.259106159210205f, 7.699518203735352f, 11.496856689453125f,
            14.748425483703613f, 16.464614868164062f, 17.075220108032227f, 19.13286781311035f, 24.194292068481445f,
            28.456809997558594f, 34.34171676635742f, 36.42726135253906f, 40.176177978515625f, 45.75254440307617f,
            50.070743560791016f, 49.50727462768555f, 52.82954406738281f, 57.90952682495117f, 63.53025436401367f,
            67.56121063232422f};
        assertClose(expected, blur(SMALL, 4, 5, 1.0), ONE_FLOAT_ULP);
    }

    @Test
    void matchesScipyWhenKernelIsLongerThanTheMap() {
        // scipy.ndimage.gaussian_filter(SMALL.reshape(4, 5), sigma=4.0): radius 16 > 4 and 5, the
        // reflection repeats.
        float[] expected = {31.891586303710938f, 32.02445983886719f, 32.239627838134766f, 32.454830169677734f,
            32.5879020690918f, 32.031166076660156f, 32.1642951965332f, 32.3798828125f, 32.59550094604492f,
            32.72883224487305f, 32.228641510009766f, 32.36214065551758f, 32.57831573486328f, 32.794525146484375f,
            32.92821502685547f, 32.368350982666016f, 32.50210189819336f, 32.71869659423828f, 32.93532180786133f,
            33.069271087646484f};
        assertClose(expected, blur(SMALL, 4, 5, 4.0), ONE_FLOAT_ULP);
    }

    @Test
    void matchesScipyWithNonIntegerSigma() {
        // scipy.ndimage.gaussian_filter(SMALL.reshape(4, 5), sigma=0.7)
        float[] expected = {3.0453908443450928f, 3.5105650424957275f, 4.032733917236328f, 8.453200340270996f,
            11.734916687011719f, 14.081164360046387f, 14.280850410461426f, 13.389004707336426f, 21.85716438293457f,
            27.545286178588867f, 33.888092041015625f, 36.76586151123047f, 40.10025405883789f, 46.909786224365234f,
            51.96406173706055f, 53.27214431762695f, 57.660789489746094f, 63.38309860229492f, 69.4402847290039f,
            74.26900482177734f};
        assertClose(expected, blur(SMALL, 4, 5, 0.7), ONE_FLOAT_ULP);
    }

    @Test
    void matchesDirectTwoDimensionalReferenceOnRandomMap() {
        Random random = new Random(3);
        int h = 40;
        int w = 29;
        float[] src = new float[h * w];
        for (int i = 0; i < src.length; i++) {
            src[i] = (float) random.nextGaussian();
        }
        float[] out = blur(src, h, w, 4.0);
        double[] expected = directReference(src, h, w, 4.0);
        for (int i = 0; i < out.length; i++) {
            assertEquals(expected[i], out[i], 1e-6, "pixel " + i);
        }
    }

    @Test
    void keepsConstantMapsAndWorksInPlace() {
        float[] map = new float[12 * 9];
        java.util.Arrays.fill(map, 2.5f);
        GaussianBlur blur = new GaussianBlur(4.0);
        blur.apply(map, map, 12, 9, new GaussianBlur.Workspace());
        for (float v : map) {
            assertEquals(2.5f, v, 1e-6f);
        }
    }

    @Test
    void workspaceIsReusableAcrossSizes() {
        GaussianBlur blur = new GaussianBlur(1.0);
        GaussianBlur.Workspace workspace = new GaussianBlur.Workspace();
        float[] big = new float[30 * 30];
        blur.apply(big, big, 30, 30, workspace);
        float[] out = new float[SMALL.length];
        blur.apply(SMALL, out, 4, 5, workspace);
        assertArrayEquals(blur(SMALL, 4, 5, 1.0), out);
    }

    @Test
    void rejectsBadArguments() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new GaussianBlur(0));
        assertEquals("sigma must be finite and > 0, got 0.0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new GaussianBlur(Double.NaN));
        GaussianBlur blur = new GaussianBlur(1);
        assertThrows(IllegalArgumentException.class,
                () -> blur.apply(new float[5], new float[6], 2, 3, new GaussianBlur.Workspace()));
    }

    private static float[] blur(float[] src, int h, int w, double sigma) {
        float[] out = new float[src.length];
        new GaussianBlur(sigma).apply(src, out, h, w, new GaussianBlur.Workspace());
        return out;
    }

    /** Non-separable double-precision correlation with the product kernel and reflected borders. */
    private static double[] directReference(float[] src, int h, int w, double sigma) {
        int r = (int) (4.0 * sigma + 0.5);
        double[] k = new double[2 * r + 1];
        double sum = 0;
        for (int i = -r; i <= r; i++) {
            k[i + r] = Math.exp(-(i * i) / (2 * sigma * sigma));
            sum += k[i + r];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= sum;
        }
        double[] out = new double[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double acc = 0;
                for (int dy = -r; dy <= r; dy++) {
                    for (int dx = -r; dx <= r; dx++) {
                        int sy = mirror(y + dy, h);
                        int sx = mirror(x + dx, w);
                        acc += k[dy + r] * k[dx + r] * src[sy * w + sx];
                    }
                }
                out[y * w + x] = acc;
            }
        }
        return out;
    }

    /** Half-sample symmetric reflection written out by hand (valid while |overshoot| <= n). */
    private static int mirror(int i, int n) {
        if (i < 0) {
            return -i - 1;
        }
        if (i >= n) {
            return 2 * n - 1 - i;
        }
        return i;
    }

    private static void assertClose(float[] expected, float[] actual, double relTol) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], relTol * Math.max(1, Math.abs(expected[i])), "index " + i);
        }
    }
}
