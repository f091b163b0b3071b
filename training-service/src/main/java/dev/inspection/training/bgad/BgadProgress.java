package dev.inspection.training.bgad;

import java.time.Duration;

/**
 * One progress report. During preparation {@code phase} names the stage and {@code step}/{@code totalSteps}
 * count images; during training they count optimisation steps.
 *
 * @param epoch        meta-epoch on BGAD's 25-epoch scale ({@code step * 25 / totalSteps}); -1 during preparation
 * @param loss         mean chunk loss over the levels of the last step (NaN during preparation)
 * @param eta          estimated time to the end of training (zero during preparation)
 */
public record BgadProgress(String phase, int epoch, int step, int totalSteps, double loss, double learningRate,
                           Duration elapsed, Duration eta) {

    public static BgadProgress preparation(String stage, int done, int total) {
        return new BgadProgress(stage, -1, done, total, Double.NaN, 0, Duration.ZERO, Duration.ZERO);
    }
}
