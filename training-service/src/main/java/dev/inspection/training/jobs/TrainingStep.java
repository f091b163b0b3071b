package dev.inspection.training.jobs;

/**
 * Progress of the optimiser after a step.
 *
 * @param epoch       1-based epoch (pass over the training set)
 * @param epochs      planned epochs
 * @param step        steps done
 * @param steps       planned steps
 * @param loss        mean loss over the latest steps
 * @param meanDNormal mean discriminator output on normal features
 * @param meanDNoisy  mean discriminator output on noisy features
 */
public record TrainingStep(int epoch, int epochs, long step, long steps, double loss, double meanDNormal,
                           double meanDNoisy) {
}
