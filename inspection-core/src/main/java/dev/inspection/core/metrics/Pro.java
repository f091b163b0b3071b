package dev.inspection.core.metrics;

import java.util.List;

/**
 * The standard PRO metric of the MVTec AD paper (methods.md §1.11 "Standard PRO"), not SimpleNet's
 * dilated variant:
 * <ol>
 *   <li>ground-truth regions are the 8-connected components (skimage {@code label(connectivity=2)})
 *       of each binary mask's non-zero pixels;</li>
 *   <li>every distinct pixel score is a threshold (exact, no fixed threshold grid); a pixel is
 *       predicted anomalous when {@code score >= threshold}; no dilation;</li>
 *   <li>PRO(t) = mean over all regions of all images of |predicted ∩ region| / |region|;
 *       FPR(t) = predicted normal pixels / all normal pixels (of normal and anomalous images);</li>
 *   <li>the PRO-over-FPR curve from (0, 0) is integrated with trapezoids up to FPR 0.3, with the point
 *       at exactly 0.3 interpolated linearly, and divided by 0.3.</li>
 * </ol>
 */
public final class Pro {

    private Pro() {
    }

    /** PRO integrated to FPR 0.3; maps and masks are {@code height x width} (null mask = all normal). */
    public static double of(List<float[]> maps, List<byte[]> masks, int height, int width) {
        return of(maps, masks, height, width, ThresholdSweep.DEFAULT_PRO_FPR_LIMIT);
    }

    /**
     * PRO integrated to {@code fprLimit} and divided by it.
     *
     * @throws IllegalArgumentException if there is no ground-truth region or no normal pixel
     */
    public static double of(List<float[]> maps, List<byte[]> masks, int height, int width, double fprLimit) {
        return of(RankedScores.ofPixelsWithRegions(maps, masks, height, width), fprLimit);
    }

    /** PRO of pixel scores ranked with their regions ({@link RankedScores#ofPixelsWithRegions}). */
    public static double of(RankedScores scores, double fprLimit) {
        if (scores.regionCount() == 0) {
            throw new IllegalArgumentException("PRO needs at least one ground-truth region");
        }
        if (scores.negativeCount() == 0) {
            throw new IllegalArgumentException("PRO needs at least one normal pixel");
        }
        return ThresholdSweep.sweep(scores, 0, fprLimit).pro();
    }
}
