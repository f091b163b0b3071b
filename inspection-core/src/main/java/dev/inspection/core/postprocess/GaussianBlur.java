package dev.inspection.core.postprocess;

/**
 * Separable Gaussian smoothing of a single-channel {@code float} map with the semantics of
 * {@code scipy.ndimage.gaussian_filter(map, sigma, truncate=4.0, mode='reflect')}.
 *
 * <ul>
 *   <li>Kernel radius {@code int(truncate * sigma + 0.5)} (16 for sigma 4); weights
 *       {@code exp(-0.5 / sigma^2 * x^2)} normalised to sum 1, the sum taken in numpy's pairwise order.</li>
 *   <li>Border mode {@code reflect}, i.e. half-sample symmetric: {@code d c b a | a b c d | d c b a},
 *       repeating for kernels longer than the map.</li>
 *   <li>Axis 0 (rows, vertical) first, then axis 1; each pass accumulates in {@code double} like scipy's
 *       {@code correlate1d} (centre tap first, then symmetric pairs from the outermost inwards) and
 *       stores {@code float}, as scipy does for {@code float32} input.</li>
 * </ul>
 *
 * <p>An instance holds only the kernel and may be shared between threads; the per-call buffers live in
 * a {@link Workspace} that each thread owns.
 */
public final class GaussianBlur {

    /** scipy's default {@code truncate}. */
    public static final double DEFAULT_TRUNCATE = 4.0;

    private final double sigma;
    private final int radius;
    /** Half kernel: {@code halfKernel[j]} is the weight at offset {@code ±j}. */
    private final double[] halfKernel;

    /** Gaussian with scipy's default truncation (4 sigma). */
    public GaussianBlur(double sigma) {
        this(sigma, DEFAULT_TRUNCATE);
    }

    /**
     * @throws IllegalArgumentException if {@code sigma} or {@code truncate} is not finite and positive
     */
    public GaussianBlur(double sigma, double truncate) {
        if (!(sigma > 0) || !Double.isFinite(sigma)) {
            throw new IllegalArgumentException("sigma must be finite and > 0, got " + sigma);
        }
        if (!(truncate > 0) || !Double.isFinite(truncate)) {
            throw new IllegalArgumentException("truncate must be finite and > 0, got " + truncate);
        }
        this.sigma = sigma;
        this.radius = (int) (truncate * sigma + 0.5);
        this.halfKernel = buildHalfKernel(sigma, radius);
    }

    public double sigma() {
        return sigma;
    }

    /** Kernel radius in pixels; the kernel has {@code 2 * radius + 1} taps. */
    public int radius() {
        return radius;
    }

    /** The full normalised kernel, offsets {@code -radius .. radius} (a copy). */
    public double[] kernel() {
        double[] full = new double[2 * radius + 1];
        for (int j = 0; j <= radius; j++) {
            full[radius + j] = halfKernel[j];
            full[radius - j] = halfKernel[j];
        }
        return full;
    }

    /**
     * Blurs {@code src} ([height, width], row-major) into {@code dst}; {@code src == dst} is allowed.
     *
     * @throws IllegalArgumentException if a size is not positive or an array is shorter than
     *                                  {@code height * width}
     */
    public void apply(float[] src, float[] dst, int height, int width, Workspace workspace) {
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("map size must be positive, got " + height + "x" + width);
        }
        int n = height * width;
        if (src == null || src.length < n) {
            throw new IllegalArgumentException("src must hold " + n + " values, got "
                    + (src == null ? "null" : src.length));
        }
        if (dst == null || dst.length < n) {
            throw new IllegalArgumentException("dst must hold " + n + " values, got "
                    + (dst == null ? "null" : dst.length));
        }
        workspace.ensure(height, width, radius);
        verticalPass(src, workspace.intermediate, height, width, workspace.rowSum, workspace.rowIndex);
        horizontalPass(workspace.intermediate, dst, height, width, workspace.line);
    }

    /** Axis 0: each output row is a weighted sum of whole input rows (cache friendly). */
    private void verticalPass(float[] src, float[] out, int height, int width, double[] sum, int[] rowIndex) {
        // rowIndex[k] = reflected source row of virtual row k - radius.
        for (int k = 0; k < height + 2 * radius; k++) {
            rowIndex[k] = reflect(k - radius, height) * width;
        }
        final double w0 = halfKernel[0];
        for (int y = 0; y < height; y++) {
            final int centre = y * width;
            for (int x = 0; x < width; x++) {
                sum[x] = src[centre + x] * w0;
            }
            for (int j = radius; j >= 1; j--) {
                final int above = rowIndex[y + radius - j];
                final int below = rowIndex[y + radius + j];
                final double w = halfKernel[j];
                for (int x = 0; x < width; x++) {
                    sum[x] += ((double) src[above + x] + (double) src[below + x]) * w;
                }
            }
            for (int x = 0; x < width; x++) {
                out[centre + x] = (float) sum[x];
            }
        }
    }

    /** Axis 1: each row is copied into a reflected, padded double line and filtered. */
    private void horizontalPass(float[] src, float[] out, int height, int width, double[] line) {
        final int r = radius;
        final double w0 = halfKernel[0];
        for (int y = 0; y < height; y++) {
            final int rowStart = y * width;
            for (int k = 0; k < width + 2 * r; k++) {
                line[k] = src[rowStart + reflect(k - r, width)];
            }
            for (int x = 0; x < width; x++) {
                final int c = x + r;
                double acc = line[c] * w0;
                for (int j = r; j >= 1; j--) {
                    acc += (line[c - j] + line[c + j]) * halfKernel[j];
                }
                out[rowStart + x] = (float) acc;
            }
        }
    }

    /** scipy's 'reflect' (half-sample symmetric) index for any {@code i}, periodic with period 2n. */
    static int reflect(int i, int n) {
        int period = 2 * n;
        int m = i % period;
        if (m < 0) {
            m += period;
        }
        return m < n ? m : period - 1 - m;
    }

    private static double[] buildHalfKernel(double sigma, int radius) {
        double[] phi = new double[2 * radius + 1];
        double factor = -0.5 / (sigma * sigma);
        for (int i = 0; i < phi.length; i++) {
            long x = i - radius;
            phi[i] = Math.exp(factor * (double) (x * x));
        }
        double total = pairwiseSum(phi, 0, phi.length);
        double[] half = new double[radius + 1];
        for (int j = 0; j <= radius; j++) {
            half[j] = phi[radius + j] / total;
        }
        return half;
    }

    /** numpy's pairwise summation (8 partial sums per block of up to 128), for an identical kernel sum. */
    static double pairwiseSum(double[] a, int from, int n) {
        if (n < 8) {
            double res = 0.0;
            for (int i = 0; i < n; i++) {
                res += a[from + i];
            }
            return res;
        }
        if (n <= 128) {
            double[] r = new double[8];
            for (int k = 0; k < 8; k++) {
                r[k] = a[from + k];
            }
            int i;
            for (i = 8; i < n - (n % 8); i += 8) {
                for (int k = 0; k < 8; k++) {
                    r[k] += a[from + i + k];
                }
            }
            double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < n; i++) {
                res += a[from + i];
            }
            return res;
        }
        int n2 = n / 2;
        n2 -= n2 % 8;
        return pairwiseSum(a, from, n2) + pairwiseSum(a, from + n2, n - n2);
    }

    /** Reusable per-thread buffers of {@link #apply}; grows to the largest map seen. Not thread-safe. */
    public static final class Workspace {
        private float[] intermediate = new float[0];
        private double[] rowSum = new double[0];
        private double[] line = new double[0];
        private int[] rowIndex = new int[0];

        void ensure(int height, int width, int radius) {
            if (intermediate.length < height * width) {
                intermediate = new float[height * width];
            }
            if (rowSum.length < width) {
                rowSum = new double[width];
            }
            if (line.length < width + 2 * radius) {
                line = new double[width + 2 * radius];
            }
            if (rowIndex.length < height + 2 * radius) {
                rowIndex = new int[height + 2 * radius];
            }
        }
    }
}
