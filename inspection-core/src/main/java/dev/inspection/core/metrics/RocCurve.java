package dev.inspection.core.metrics;

/**
 * Points of a ROC curve in order of decreasing threshold, starting at (0, 0) with threshold
 * {@code +Infinity} like sklearn's {@code roc_curve}. Possibly downsampled for plots.
 *
 * @param fpr        false-positive rates
 * @param tpr        true-positive rates
 * @param thresholds score thresholds (a sample is positive when {@code score >= threshold})
 */
public record RocCurve(double[] fpr, double[] tpr, double[] thresholds) {

    public int size() {
        return fpr.length;
    }
}
