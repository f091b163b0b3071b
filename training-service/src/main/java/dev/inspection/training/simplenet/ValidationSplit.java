package dev.inspection.training.simplenet;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Carves held-out normal images from train/good for calibration: they are never trained on, so
 * their scores say how unseen normal images score. Deterministic for a seed: the ids are sorted,
 * shuffled with {@code java.util.Random(seed)}, and the first {@code round(fraction * n)} (at least 1
 * when the fraction is positive and n >= 2) become validation.
 */
public record ValidationSplit(List<String> training, List<String> validation) {

    public ValidationSplit {
        training = List.copyOf(training);
        validation = List.copyOf(validation);
    }

    public static ValidationSplit carve(List<String> normalImageIds, double fraction, long seed) {
        if (normalImageIds == null || normalImageIds.isEmpty()) {
            throw new IllegalArgumentException("no training images to split");
        }
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in [0, 1), got " + fraction);
        }
        List<String> ids = new ArrayList<>(normalImageIds);
        Collections.sort(ids);
        Collections.shuffle(ids, new Random(seed));
        int n = ids.size();
        int held = (int) Math.round(fraction * n);
        if (fraction > 0 && n >= 2) {
            held = Math.max(held, 1);
        }
        held = Math.min(held, n - 1);
        List<String> validation = new ArrayList<>(ids.subList(0, held));
        List<String> training = new ArrayList<>(ids.subList(held, n));
        Collections.sort(validation);
        Collections.sort(training);
        return new ValidationSplit(training, validation);
    }
}
