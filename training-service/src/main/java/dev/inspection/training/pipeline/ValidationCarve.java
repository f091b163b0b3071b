package dev.inspection.training.pipeline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * Holds out part of the TRAIN normals for calibration when a snapshot has no VALIDATION split; the
 * held-out images are never trained on, so their scores say how unseen normal images score. The
 * choice depends only on the image ids (SHA-256 of the bytes, so effectively random): the same
 * snapshot always gives the same split, whatever order the images come in and whatever the seed, so
 * runs with different seeds train on the same images.
 */
public final class ValidationCarve {

    /** Fewest held-out images a calibration needs. */
    public static final int MIN_VALIDATION = 2;
    /** Fewest images left for training. */
    public static final int MIN_TRAIN = 1;

    /** @param train the images that stay for training; @param validation the held-out ones */
    public record Split<T>(List<T> train, List<T> validation) {
    }

    private ValidationCarve() {
    }

    /**
     * The {@code ceil(fraction * n)} images with the smallest ids (at least {@link #MIN_VALIDATION})
     * become validation, the rest train; both lists come out sorted by id.
     *
     * @param imageId the id of an image (snapshot members, or plain id strings)
     * @throws IllegalArgumentException with fewer than {@code MIN_VALIDATION + MIN_TRAIN} images or a
     *                                  fraction outside [0, 1)
     */
    public static <T> Split<T> carve(List<T> trainNormals, Function<T, String> imageId, double fraction) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in [0, 1), got " + fraction);
        }
        int n = trainNormals.size();
        if (n < MIN_VALIDATION + MIN_TRAIN) {
            throw new IllegalArgumentException("need at least " + (MIN_VALIDATION + MIN_TRAIN)
                    + " TRAIN normal images to hold some out for calibration, got " + n);
        }
        int held = Math.min(n - MIN_TRAIN, Math.max(MIN_VALIDATION, (int) Math.ceil(fraction * n)));
        List<T> sorted = new ArrayList<>(trainNormals);
        sorted.sort(Comparator.comparing(imageId));
        return new Split<>(List.copyOf(sorted.subList(held, n)), List.copyOf(sorted.subList(0, held)));
    }
}
