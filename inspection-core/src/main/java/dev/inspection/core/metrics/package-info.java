/**
 * Evaluation metrics over primitive arrays, with sklearn's semantics (ties handled exactly: every
 * distinct score is one threshold): ROC AUC ({@link dev.inspection.core.metrics.Auroc}),
 * precision-recall and F1-max ({@link dev.inspection.core.metrics.PrecisionRecall},
 * {@link dev.inspection.core.metrics.F1Max}), the standard MVTec PRO integrated to FPR 0.3
 * ({@link dev.inspection.core.metrics.Pro}), and the aggregate used for model reports
 * ({@link dev.inspection.core.metrics.Evaluator}).
 *
 * <p>All curve metrics come from one sort per class ({@link dev.inspection.core.metrics.RankedScores})
 * and one descending sweep over the distinct thresholds ({@link dev.inspection.core.metrics.ThresholdSweep}),
 * so pixel-level metrics over millions of pixels cost one {@code O(n log n)} primitive sort.
 */
package dev.inspection.core.metrics;
