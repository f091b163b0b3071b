package dev.inspection.core.metrics;

import java.util.Map;

/**
 * Result of {@link Evaluator#evaluate}: overall and per-defect-type metrics plus the material for
 * report plots.
 *
 * @param overall                   metrics over all images
 * @param perDefectType             per defect type: that type's anomalies against all normal images
 *                                  (sorted by type name)
 * @param imageAccuracyAtThreshold  fraction of images classified correctly by {@code score >= threshold}
 *                                  at the given calibration threshold; NaN when none was given
 * @param imageHistogram            raw image scores, normal vs anomalous
 * @param imageRoc                  image ROC curve (downsampled)
 * @param imagePr                   image PR curve (downsampled)
 * @param pixelRoc                  pixel ROC curve (downsampled; empty without pixel metrics)
 * @param pixelPr                   pixel PR curve (downsampled; empty without pixel metrics)
 */
public record EvaluationReport(MetricSet overall, Map<String, MetricSet> perDefectType,
                               double imageAccuracyAtThreshold, ScoreHistogram imageHistogram,
                               RocCurve imageRoc, PrCurve imagePr, RocCurve pixelRoc, PrCurve pixelPr) {
}
