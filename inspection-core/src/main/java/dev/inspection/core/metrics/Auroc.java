package dev.inspection.core.metrics;

import java.util.List;

/**
 * ROC AUC with the semantics of {@code sklearn.metrics.roc_auc_score} for binary labels: every
 * distinct score is a threshold, ties form one step (a trapezoid), 0.5 for all-tied scores.
 */
public final class Auroc {

    private Auroc() {
    }

    /**
     * Image-level AUROC.
     *
     * @throws IllegalArgumentException if only one class is present (sklearn raises too), or on NaN
     */
    public static double of(double[] scores, boolean[] anomalous) {
        return of(RankedScores.of(scores, anomalous));
    }

    /** Image-level AUROC with 0/1 labels (1 = anomalous). */
    public static double of(double[] scores, int[] labels) {
        return of(RankedScores.of(scores, labels));
    }

    /** Pixel-level AUROC over all pixels of all maps (null mask = all normal). */
    public static double ofPixels(List<float[]> maps, List<byte[]> masks) {
        return of(RankedScores.ofPixels(maps, masks));
    }

    /** AUROC of already ranked scores. */
    public static double of(RankedScores scores) {
        requireBothClasses(scores);
        return ThresholdSweep.sweep(scores, 0, ThresholdSweep.DEFAULT_PRO_FPR_LIMIT).auroc();
    }

    /** The ROC curve, downsampled to at most {@code maxPoints} points (at least 3). */
    public static RocCurve curve(RankedScores scores, int maxPoints) {
        requireBothClasses(scores);
        if (maxPoints < 3) {
            throw new IllegalArgumentException("maxPoints must be >= 3, got " + maxPoints);
        }
        return ThresholdSweep.sweep(scores, maxPoints, ThresholdSweep.DEFAULT_PRO_FPR_LIMIT).roc();
    }

    static void requireBothClasses(RankedScores scores) {
        if (scores.positiveCount() == 0 || scores.negativeCount() == 0) {
            throw new IllegalArgumentException("AUROC needs both classes, got " + scores.positiveCount()
                    + " anomalous and " + scores.negativeCount() + " normal samples");
        }
    }
}
