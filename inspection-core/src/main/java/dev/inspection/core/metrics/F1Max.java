package dev.inspection.core.metrics;

import java.util.List;

/**
 * F1-max over a precision-recall curve as SimpleNet and BGAD compute it: sklearn's
 * {@code precision_recall_curve}, F1 = 2PR/(P+R) (0 where P+R = 0), the maximum and its threshold
 * (samples with {@code score >= threshold} are predicted anomalous).
 */
public final class F1Max {

    private F1Max() {
    }

    /**
     * Image-level F1-max.
     *
     * @throws IllegalArgumentException if there is no anomalous sample, or on NaN
     */
    public static F1Result of(double[] scores, boolean[] anomalous) {
        return of(RankedScores.of(scores, anomalous));
    }

    /** Pixel-level F1-max over all pixels of all maps (null mask = all normal). */
    public static F1Result ofPixels(List<float[]> maps, List<byte[]> masks) {
        return of(RankedScores.ofPixels(maps, masks));
    }

    /** F1-max of already ranked scores. */
    public static F1Result of(RankedScores scores) {
        if (scores.positiveCount() == 0) {
            throw new IllegalArgumentException("F1 needs at least one anomalous sample");
        }
        return ThresholdSweep.sweep(scores, 0, ThresholdSweep.DEFAULT_PRO_FPR_LIMIT).f1();
    }
}
