package dev.inspection.training.bgad;

import java.util.logging.Logger;

/**
 * Keeps non-finite values out of the flows' weights. A chunk whose log-likelihoods or gradients are
 * not all finite (one extreme row can overflow a coupling block) is not applied: its update is
 * skipped, as mixed-precision trainers skip an overflowed step, and training goes on with the next
 * chunk. A level that produces nothing but such chunks for {@link #MAX_CONSECUTIVE_SKIPS} steps has
 * diverged: that fails the run, naming the level and the step. Runs without such a chunk are not
 * changed at all.
 */
final class DivergenceGuard {

    static final int MAX_CONSECUTIVE_SKIPS = 20;
    private static final Logger LOG = Logger.getLogger(DivergenceGuard.class.getName());

    private final int[] consecutiveSkips;
    private int skipped;

    DivergenceGuard(int levels) {
        this.consecutiveSkips = new int[levels];
    }

    /** True when every value is finite; otherwise records a skipped update of the level. */
    boolean allFinite(float[] values, int level, int step, String what) {
        for (float v : values) {
            if (!Float.isFinite(v)) {
                skip(level, step, what + " " + v);
                return false;
            }
        }
        return true;
    }

    /**
     * Records a skipped update.
     *
     * @throws IllegalStateException after {@link #MAX_CONSECUTIVE_SKIPS} skips of one level in a row
     */
    void skip(int level, int step, String reason) {
        skipped++;
        int inARow = ++consecutiveSkips[level];
        if (inARow >= MAX_CONSECUTIVE_SKIPS) {
            throw new IllegalStateException("BGAD level " + (level + 1) + " flow diverged: " + inARow
                    + " updates in a row up to step " + (step + 1) + " had a non-finite " + reason
                    + "; lower learning_rate or check the features for NaN/Inf");
        }
        LOG.warning("BGAD step " + (step + 1) + ", level " + (level + 1) + ": non-finite " + reason
                + ", update skipped (" + skipped + " so far)");
    }

    /** The level's update was applied. */
    void applied(int level) {
        consecutiveSkips[level] = 0;
    }

    /** Updates skipped over the whole run. */
    int skipped() {
        return skipped;
    }
}
