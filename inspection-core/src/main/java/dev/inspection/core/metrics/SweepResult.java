package dev.inspection.core.metrics;

/**
 * Everything one {@link ThresholdSweep} computes.
 *
 * @param auroc ROC AUC; NaN when one class is empty
 * @param f1    best F1 and its threshold
 * @param pro   standard PRO integrated to the FPR limit and normalised; NaN without regions or negatives
 * @param roc   downsampled ROC curve (empty when not requested)
 * @param pr    downsampled precision-recall curve at the same thresholds (empty when not requested)
 */
public record SweepResult(double auroc, F1Result f1, double pro, RocCurve roc, PrCurve pr) {
}
