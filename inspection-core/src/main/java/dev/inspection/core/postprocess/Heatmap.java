package dev.inspection.core.postprocess;

/**
 * Colours normalised pixel maps with matplotlib's {@code jet} colormap and blends the result over an
 * RGB image. RGB buffers are interleaved {@code r, g, b} bytes, row-major.
 *
 * <p>The colormap is matplotlib's 256-entry {@code jet} lookup table: value {@code v} in [0, 1] picks
 * entry {@code floor(v * 256)} (1.0 picks the last), entries are converted to bytes by truncating
 * {@code c * 255}, as {@code cmap(v, bytes=True)} does. Values below 0 (and NaN) take the first
 * entry, values above 1 the last.
 */
public final class Heatmap {

    private static final int LUT_SIZE = 256;
    /** matplotlib's {@code _jet_data}: (x, y) control points per channel. */
    private static final double[][] RED = {{0, 0}, {0.35, 0}, {0.66, 1}, {0.89, 1}, {1, 0.5}};
    private static final double[][] GREEN = {{0, 0}, {0.125, 0}, {0.375, 1}, {0.64, 1}, {0.91, 0}, {1, 0}};
    private static final double[][] BLUE = {{0, 0.5}, {0.11, 1}, {0.34, 1}, {0.65, 0}, {1, 0}};
    /** Interleaved RGB bytes of the 256 colours. */
    private static final byte[] JET_LUT = buildJetLut();

    private Heatmap() {
    }

    /** The jet colour of {@code value} as {@code 0xRRGGBB}. */
    public static int jetColor(float value) {
        int i = lutIndex(value) * 3;
        return (JET_LUT[i] & 0xff) << 16 | (JET_LUT[i + 1] & 0xff) << 8 | (JET_LUT[i + 2] & 0xff);
    }

    /**
     * Colours a normalised map into {@code rgbOut} (at least {@code 3 * map.length} bytes).
     *
     * @return {@code rgbOut}
     */
    public static byte[] jet(float[] normalisedMap, byte[] rgbOut) {
        if (normalisedMap == null) {
            throw new IllegalArgumentException("map is null");
        }
        requireLength("rgbOut", rgbOut, 3 * normalisedMap.length);
        for (int p = 0, o = 0; p < normalisedMap.length; p++, o += 3) {
            int i = lutIndex(normalisedMap[p]) * 3;
            rgbOut[o] = JET_LUT[i];
            rgbOut[o + 1] = JET_LUT[i + 1];
            rgbOut[o + 2] = JET_LUT[i + 2];
        }
        return rgbOut;
    }

    /**
     * Blends {@code overlayRgb} over {@code baseRgb}: {@code out = round((1 - alpha) * base + alpha * overlay)}.
     * {@code out} may be one of the inputs.
     *
     * @param alpha overlay opacity in [0, 1]
     * @return {@code out}
     */
    public static byte[] blend(byte[] baseRgb, byte[] overlayRgb, double alpha, byte[] out) {
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha must be in [0, 1], got " + alpha);
        }
        if (baseRgb == null || overlayRgb == null || baseRgb.length != overlayRgb.length) {
            throw new IllegalArgumentException("base and overlay must be non-null and of equal length, got "
                    + (baseRgb == null ? "null" : baseRgb.length) + " and "
                    + (overlayRgb == null ? "null" : overlayRgb.length));
        }
        requireLength("out", out, baseRgb.length);
        // Fixed point with 16 fractional bits keeps the per-byte loop integer-only.
        int a = (int) Math.round(alpha * 65536.0);
        int b = 65536 - a;
        for (int i = 0; i < baseRgb.length; i++) {
            int v = (baseRgb[i] & 0xff) * b + (overlayRgb[i] & 0xff) * a;
            out[i] = (byte) ((v + 32768) >>> 16);
        }
        return out;
    }

    private static int lutIndex(float value) {
        if (!(value > 0f)) {
            return 0;
        }
        int i = (int) (value * LUT_SIZE);
        return i >= LUT_SIZE ? LUT_SIZE - 1 : i;
    }

    private static void requireLength(String name, byte[] array, int length) {
        if (array == null || array.length < length) {
            throw new IllegalArgumentException(name + " must hold " + length + " bytes, got "
                    + (array == null ? "null" : array.length));
        }
    }

    private static byte[] buildJetLut() {
        byte[] lut = new byte[LUT_SIZE * 3];
        double[][][] channels = {RED, GREEN, BLUE};
        for (int i = 0; i < LUT_SIZE; i++) {
            double x = (double) i / (LUT_SIZE - 1);
            for (int c = 0; c < 3; c++) {
                lut[i * 3 + c] = (byte) (int) (interpolate(channels[c], x) * 255.0);
            }
        }
        return lut;
    }

    private static double interpolate(double[][] points, double x) {
        for (int k = 1; k < points.length; k++) {
            if (x <= points[k][0]) {
                double x0 = points[k - 1][0];
                double y0 = points[k - 1][1];
                double t = (x - x0) / (points[k][0] - x0);
                return y0 + t * (points[k][1] - y0);
            }
        }
        return points[points.length - 1][1];
    }
}
