package dev.inspection.training.bgad;

/**
 * methods.md §2.7 on a continuous progress axis: cosine from {@code lr} to {@code lr * decay^3} over
 * {@code epochs} meta-epochs (stepped per whole epoch), after a clean linear warm-up from 2e-5 over the
 * first {@code warmupEpochs} (the official quirky extrapolation is not reproduced).
 */
public record LearningRateSchedule(double baseLr, int epochs, int warmupEpochs, double decayRate) {

    static final double WARMUP_START = 2e-5;

    public LearningRateSchedule {
        if (!(baseLr > 0) || epochs < 1 || warmupEpochs < 0 || warmupEpochs >= epochs) {
            throw new IllegalArgumentException("invalid schedule: lr " + baseLr + ", epochs " + epochs
                    + ", warm-up " + warmupEpochs);
        }
    }

    /** Learning rate at {@code progress} in [0, 1] of the whole run. */
    public double at(double progress) {
        double etaMin = baseLr * Math.pow(decayRate, 3);
        double epoch = epochs * Math.min(Math.max(progress, 0), 1);
        if (epoch < warmupEpochs) {
            double to = cosine(warmupEpochs, etaMin);
            return WARMUP_START + (epoch / warmupEpochs) * (to - WARMUP_START);
        }
        return cosine(Math.min((int) epoch, epochs - 1), etaMin);
    }

    private double cosine(int epoch, double etaMin) {
        return etaMin + (baseLr - etaMin) * (1 + Math.cos(Math.PI * epoch / epochs)) / 2;
    }
}
