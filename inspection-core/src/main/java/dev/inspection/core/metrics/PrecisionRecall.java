package dev.inspection.core.metrics;

/**
 * The full precision-recall curve with sklearn's {@code precision_recall_curve} semantics, for small
 * (image-level) sets; pixel-level curves come downsampled from {@link ThresholdSweep}.
 */
public final class PrecisionRecall {

    private PrecisionRecall() {
    }

    /**
     * sklearn's {@code precision_recall_curve(anomalous, scores)}: one point per distinct score in
     * increasing threshold order, then the point (precision 1, recall 0) without a threshold.
     * As in sklearn 1.2, points below the threshold of full recall are kept (older
     * sklearn versions cut the curve there; F1-max is the same either way).
     *
     * @throws IllegalArgumentException if there is no anomalous sample, or on NaN
     */
    public static PrCurve curve(double[] scores, boolean[] anomalous) {
        RankedScores ranked = RankedScores.of(scores, anomalous);
        if (ranked.positiveCount() == 0) {
            throw new IllegalArgumentException("a precision-recall curve needs at least one anomalous sample");
        }
        double[] pos = ranked.positives;
        double[] neg = ranked.negatives;
        int distinct = countDistinct(pos, neg);
        double[] precision = new double[distinct + 1];
        double[] recall = new double[distinct + 1];
        double[] thresholds = new double[distinct];
        int i = pos.length - 1;
        int j = neg.length - 1;
        long tp = 0;
        long fp = 0;
        // Sweep from the highest threshold and fill from the back, giving increasing thresholds.
        for (int k = distinct - 1; k >= 0; k--) {
            double t = i < 0 ? neg[j] : (j < 0 ? pos[i] : Math.max(pos[i], neg[j]));
            while (i >= 0 && pos[i] == t) {
                tp++;
                i--;
            }
            while (j >= 0 && neg[j] == t) {
                fp++;
                j--;
            }
            thresholds[k] = t;
            precision[k] = (double) tp / (tp + fp);
            recall[k] = (double) tp / pos.length;
        }
        precision[distinct] = 1.0;
        recall[distinct] = 0.0;
        return new PrCurve(precision, recall, thresholds);
    }

    /**
     * A precision-recall curve of possibly huge (pixel-level) rankings, downsampled to at most
     * {@code maxPoints} points in order of decreasing threshold (see {@link ThresholdSweep}).
     *
     * @throws IllegalArgumentException if there is no anomalous sample or maxPoints is below 3
     */
    public static PrCurve curve(RankedScores scores, int maxPoints) {
        if (scores.positiveCount() == 0) {
            throw new IllegalArgumentException("a precision-recall curve needs at least one anomalous sample");
        }
        if (maxPoints < 3) {
            throw new IllegalArgumentException("maxPoints must be >= 3, got " + maxPoints);
        }
        return ThresholdSweep.sweep(scores, maxPoints, ThresholdSweep.DEFAULT_PRO_FPR_LIMIT).pr();
    }

    private static int countDistinct(double[] pos, double[] neg) {
        int i = pos.length - 1;
        int j = neg.length - 1;
        int distinct = 0;
        while (i >= 0 || j >= 0) {
            double t = i < 0 ? neg[j] : (j < 0 ? pos[i] : Math.max(pos[i], neg[j]));
            while (i >= 0 && pos[i] == t) {
                i--;
            }
            while (j >= 0 && neg[j] == t) {
                j--;
            }
            distinct++;
        }
        return distinct;
    }
}
