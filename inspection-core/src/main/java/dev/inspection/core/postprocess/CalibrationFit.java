package dev.inspection.core.postprocess;

/**
 * A fitted calibration with what the model manifest records about it.
 *
 * @param calibration     the frozen thresholds and scales
 * @param rule            human-readable rule with the numbers behind it (goes into the manifest)
 * @param normalScoreMean mean raw image score of the held-out normal images (drift monitoring)
 * @param normalScoreStd  population standard deviation of those scores
 * @param normalScoreMax  highest of those scores
 * @param images          held-out images behind the calibration (normal + anomalous)
 */
public record CalibrationFit(ScoreCalibration calibration, String rule, double normalScoreMean,
                             double normalScoreStd, double normalScoreMax, int images) {
}
