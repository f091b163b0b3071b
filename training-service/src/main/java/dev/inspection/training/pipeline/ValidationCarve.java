package dev.inspection.training.pipeline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Holds out part of the TRAIN normals for calibration when a snapshot has no VALIDATION split. The
 * choice depends only on the image ids (SHA-256 of the bytes, so effectively random): the same
 * snapshot always gives the same split, whatever order the dataset service streams it in.
 */
public final class ValidationCarve {

    /** Fewest held-out images a calibration needs. */
    public static final int MIN_VALIDATION = 2;
    /** Fewest images left for training. */
    public static final int MIN_TRAIN = 1;

    /** @param train the members that stay for training; @param validation the held-out ones */
    public record Split(List<SnapshotFeatures.Member> train, List<SnapshotFeatures.Member> validation) {
    }

    private ValidationCarve() {
    }

    /**
     * The {@code ceil(fraction * n)} members with the smallest ids (at least {@link #MIN_VALIDATION})
     * become validation, the rest train.
     *
     * @throws IllegalArgumentException with fewer than {@code MIN_VALIDATION + MIN_TRAIN} members
     */
    public static Split carve(List<SnapshotFeatures.Member> trainNormals, double fraction) {
        int n = trainNormals.size();
        if (n < MIN_VALIDATION + MIN_TRAIN) {
            throw new IllegalArgumentException("need at least " + (MIN_VALIDATION + MIN_TRAIN)
                    + " TRAIN normal images to hold some out for calibration, got " + n);
        }
        int held = Math.min(n - MIN_TRAIN, Math.max(MIN_VALIDATION, (int) Math.ceil(fraction * n)));
        List<SnapshotFeatures.Member> sorted = new ArrayList<>(trainNormals);
        sorted.sort(Comparator.comparing(SnapshotFeatures.Member::imageId));
        return new Split(List.copyOf(sorted.subList(held, n)), List.copyOf(sorted.subList(0, held)));
    }
}
