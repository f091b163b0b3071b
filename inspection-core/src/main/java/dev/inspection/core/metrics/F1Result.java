package dev.inspection.core.metrics;

/**
 * The best F1 over all thresholds of a precision-recall curve.
 *
 * @param f1        {@code 2PR / (P + R)}, 0 where {@code P + R = 0}; NaN without positives
 * @param threshold the score threshold reaching it (the lowest one on ties, like sklearn's argmax over
 *                  increasing thresholds); NaN without positives
 * @param precision precision at that threshold
 * @param recall    recall at that threshold
 */
public record F1Result(double f1, double threshold, double precision, double recall) {
}
