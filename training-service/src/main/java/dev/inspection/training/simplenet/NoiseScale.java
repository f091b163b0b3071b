package dev.inspection.training.simplenet;

/**
 * The spread statistic behind the relative noise rule: the mean over dimensions of the per-dimension
 * standard deviation (unbiased, as {@code torch.std}) of a set of feature rows. With k = 0.1775 on the
 * adapted training features at initialisation this gives sigma 0.100 on bottle (shared/reference).
 * Rows can be added in chunks; sums are kept in double, shifted by the first row for stability.
 */
final class NoiseScale {

    private final int dim;
    private final double[] shift;
    private final double[] sum;
    private final double[] sumSquares;
    private long count;

    NoiseScale(int dim) {
        if (dim < 1) {
            throw new IllegalArgumentException("feature dimension must be positive, got " + dim);
        }
        this.dim = dim;
        this.shift = new double[dim];
        this.sum = new double[dim];
        this.sumSquares = new double[dim];
    }

    /** Adds {@code n} rows of {@code dim} floats from {@code rows[0 ..]}. */
    void add(float[] rows, int n) {
        if ((long) n * dim > rows.length) {
            throw new IllegalArgumentException(n + " rows of " + dim + " do not fit " + rows.length + " floats");
        }
        if (count == 0 && n > 0) {
            for (int j = 0; j < dim; j++) {
                shift[j] = rows[j];
            }
        }
        for (int i = 0; i < n; i++) {
            int base = i * dim;
            for (int j = 0; j < dim; j++) {
                double d = rows[base + j] - shift[j];
                sum[j] += d;
                sumSquares[j] += d * d;
            }
        }
        count += n;
    }

    /** Mean over dimensions of the unbiased per-dimension standard deviation. */
    double meanStd() {
        if (count < 2) {
            throw new IllegalStateException("the feature spread needs at least 2 rows, got " + count);
        }
        double total = 0;
        for (int j = 0; j < dim; j++) {
            double mean = sum[j] / count;
            double variance = Math.max(0, (sumSquares[j] - count * mean * mean) / (count - 1));
            total += Math.sqrt(variance);
        }
        return total / dim;
    }

    long count() {
        return count;
    }
}
