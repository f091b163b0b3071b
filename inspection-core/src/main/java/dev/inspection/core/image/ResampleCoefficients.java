package dev.inspection.core.image;

/**
 * Fixed-point filter taps for one axis of Pillow's antialiased BILINEAR resize, a port of
 * {@code precompute_coeffs} + {@code normalize_coeffs_8bpc} in Pillow's {@code libImaging/Resample.c}
 * (whole-image box, i.e. {@code in0 = 0}, {@code in1 = inSize}).
 *
 * <p>For output index {@code i}: taps start at input index {@code first[i]}, there are {@code count[i]}
 * of them, and their weights are {@code weights[i * maxTaps ...]} in units of 2^-22.
 */
final class ResampleCoefficients {

    /** Pillow: 8 bits for the result, 2 bits headroom, rest fraction. */
    static final int PRECISION_BITS = 32 - 8 - 2;

    final int inSize;
    final int outSize;
    final int maxTaps;
    final int[] first;
    final int[] count;
    final int[] weights;

    private ResampleCoefficients(int inSize, int outSize, int maxTaps, int[] first, int[] count, int[] weights) {
        this.inSize = inSize;
        this.outSize = outSize;
        this.maxTaps = maxTaps;
        this.first = first;
        this.count = count;
        this.weights = weights;
    }

    static ResampleCoefficients bilinear(int inSize, int outSize) {
        // Same double arithmetic, in the same order, as the C code.
        double scale = (double) ((float) inSize - 0f) / outSize;
        double filterScale = Math.max(scale, 1.0);
        double support = 1.0 * filterScale; // BILINEAR support is 1
        int maxTaps = (int) Math.ceil(support) * 2 + 1;
        int[] first = new int[outSize];
        int[] count = new int[outSize];
        int[] weights = new int[outSize * maxTaps];
        double[] k = new double[maxTaps];
        double inverseFilterScale = 1.0 / filterScale;
        for (int xx = 0; xx < outSize; xx++) {
            double center = 0.0 + (xx + 0.5) * scale;
            double total = 0.0;
            int xmin = (int) (center - support + 0.5);
            if (xmin < 0) {
                xmin = 0;
            }
            int xmax = (int) (center + support + 0.5);
            if (xmax > inSize) {
                xmax = inSize;
            }
            xmax -= xmin;
            for (int x = 0; x < xmax; x++) {
                double w = triangle((x + xmin - center + 0.5) * inverseFilterScale);
                k[x] = w;
                total += w;
            }
            for (int x = 0; x < xmax; x++) {
                if (total != 0.0) {
                    k[x] /= total;
                }
                weights[xx * maxTaps + x] = toFixedPoint(k[x]);
            }
            first[xx] = xmin;
            count[xx] = xmax;
        }
        return new ResampleCoefficients(inSize, outSize, maxTaps, first, count, weights);
    }

    private static double triangle(double x) {
        if (x < 0.0) {
            x = -x;
        }
        return x < 1.0 ? 1.0 - x : 0.0;
    }

    private static int toFixedPoint(double coefficient) {
        double scaled = coefficient * (1 << PRECISION_BITS);
        return coefficient < 0 ? (int) (-0.5 + scaled) : (int) (0.5 + scaled);
    }

    /** Pillow's {@code clip8}: drop the fraction, clamp to 0..255. */
    static int clip8(int accumulator) {
        int v = accumulator >> PRECISION_BITS;
        return v < 0 ? 0 : (v > 255 ? 255 : v);
    }
}
