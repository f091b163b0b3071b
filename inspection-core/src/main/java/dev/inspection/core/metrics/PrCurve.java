package dev.inspection.core.metrics;

/**
 * Points of a precision-recall curve. {@link PrecisionRecall#curve} returns sklearn's
 * {@code precision_recall_curve} order (increasing thresholds, then the final point precision 1,
 * recall 0 without a threshold, so {@code thresholds} is one shorter); the downsampled curves of
 * {@link ThresholdSweep} list points in order of decreasing threshold, one threshold per point.
 *
 * @param precision  precision {@code tp / (tp + fp)} per point
 * @param recall     recall {@code tp / positives} per point
 * @param thresholds score thresholds (a sample is positive when {@code score >= threshold})
 */
public record PrCurve(double[] precision, double[] recall, double[] thresholds) {

    public int size() {
        return precision.length;
    }
}
