package dev.inspection.core.metrics;

/**
 * Histogram of normal and anomalous scores over common, equal-width bins spanning [min, max] of all
 * scores (the last bin includes max), for reports.
 *
 * @param min       lower edge of the first bin
 * @param max       upper edge of the last bin
 * @param normal    counts of normal scores per bin
 * @param anomalous counts of anomalous scores per bin
 */
public record ScoreHistogram(double min, double max, long[] normal, long[] anomalous) {

    /** Number of bins. */
    public int bins() {
        return normal.length;
    }

    /** Lower edge of bin {@code b}. */
    public double binStart(int b) {
        return min + (max - min) * b / bins();
    }

    /**
     * Bins the scores.
     *
     * @throws IllegalArgumentException if bins is not positive, or a score is not finite
     */
    public static ScoreHistogram of(double[] scores, boolean[] anomalous, int bins) {
        if (bins <= 0) {
            throw new IllegalArgumentException("bins must be positive, got " + bins);
        }
        if (scores == null || anomalous == null || scores.length != anomalous.length) {
            throw new IllegalArgumentException("scores and labels must be non-null and of equal length");
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < scores.length; i++) {
            double s = scores[i];
            if (!Double.isFinite(s)) {
                throw new IllegalArgumentException("score at index " + i + " is not finite: " + s);
            }
            lo = Math.min(lo, s);
            hi = Math.max(hi, s);
        }
        if (scores.length == 0) {
            lo = 0;
            hi = 0;
        }
        long[] normal = new long[bins];
        long[] anomalousCounts = new long[bins];
        double width = hi - lo;
        for (int i = 0; i < scores.length; i++) {
            int b = width > 0 ? (int) ((scores[i] - lo) / width * bins) : 0;
            if (b >= bins) {
                b = bins - 1;
            }
            if (anomalous[i]) {
                anomalousCounts[b]++;
            } else {
                normal[b]++;
            }
        }
        return new ScoreHistogram(lo, hi, normal, anomalousCounts);
    }
}
