package dev.inspection.training.simplenet;

import java.time.Duration;

/**
 * State after one optimiser step.
 *
 * @param epoch       pass over the training rows (0-based; for random patches, rows drawn / rows available)
 * @param step        steps done so far (1-based)
 * @param totalSteps  steps of the whole run
 * @param loss        truncated L1 loss of this step
 * @param meanNormal  mean D over the step's true (adapted) rows
 * @param meanNoisy   mean D over the step's noisy rows
 * @param pTrue       fraction of true rows with D >= margin
 * @param pFake       fraction of noisy rows with D < -margin
 * @param elapsed     training time so far (after the noise calibration)
 * @param eta         estimated time to the last step, from the mean step time so far
 */
public record TrainingProgress(int epoch, int step, int totalSteps, double loss, double meanNormal,
                               double meanNoisy, double pTrue, double pFake, Duration elapsed, Duration eta) {
}
