package dev.inspection.cli;

import dev.inspection.api.dataset.v1.DatasetStatistics;
import dev.inspection.api.dataset.v1.GroupCount;
import dev.inspection.api.dataset.v1.Label;
import dev.inspection.api.dataset.v1.Split;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Keeps a SimpleNet training set within what the training service can hold. The service keeps the
 * training features in one float16 array (its {@code Float16FeatureTable}: at most 2^31 - 9 bytes,
 * 1296 x 1536 features per image at the default 288 px input, so 539 images); a larger TRAIN split
 * (magnetic tile: 761 normals) fails the job. Until the service pages its table, the main job holds
 * out a larger share of the normals for calibration, which SimpleNet's CPU recipe (random patches
 * from the whole set) barely notices, and says so.
 */
final class TrainingSetFit {
    static final String KEY = "validationFraction";
    /** SimpleNetConfig.cpu(): share of the TRAIN normals held out when there is no VALIDATION split. */
    static final double DEFAULT_VALIDATION_FRACTION = 0.1;
    static final long MAX_TRAINING_IMAGES = (Integer.MAX_VALUE - 8L) / (2L * 36 * 36 * 1536);

    private TrainingSetFit() {
    }

    /** The overrides to send: {@code requested} plus a validation fraction when the TRAIN split is too large. */
    static Map<String, String> overrides(Map<String, String> requested, DatasetStatistics stats, PrintStream out) {
        if (requested.containsKey(KEY) || requested.containsKey("validation_fraction")) {
            return requested;
        }
        long trainNormals = 0;
        long validation = 0;
        for (GroupCount g : stats.getGroupsList()) {
            if (g.getSplit() == Split.TRAIN && g.getLabel() == Label.NORMAL) {
                trainNormals += g.getImages();
            } else if (g.getSplit() == Split.VALIDATION) {
                validation += g.getImages();
            }
        }
        long trained = trainNormals - Math.round(DEFAULT_VALIDATION_FRACTION * trainNormals);
        if (validation > 0 || trained <= MAX_TRAINING_IMAGES) {
            return requested;
        }
        // Round the fraction up to 2 decimals so that round(fraction * n) holds out at least n - max.
        double fraction = Math.ceil(100.0 * (trainNormals - MAX_TRAINING_IMAGES + 1) / trainNormals) / 100.0;
        String text = String.format(Locale.ROOT, "%.2f", fraction);
        out.printf(Locale.ROOT, "note: %d training images exceed the %d the training service holds in memory; "
                + "holding out %s=%s of the %d normals for calibration instead of %s%n", trained, MAX_TRAINING_IMAGES,
                KEY, text, trainNormals, DEFAULT_VALIDATION_FRACTION);
        Map<String, String> fitted = new LinkedHashMap<>(requested);
        fitted.put(KEY, text);
        return fitted;
    }
}
