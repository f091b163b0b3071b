package dev.inspection.training.bgad;

import dev.inspection.core.image.PreprocessingSpec;
import dev.inspection.core.image.RgbImage;
import java.util.Collection;

/**
 * Picks a preprocessing that never crops a defect away: square-ish images (every aspect ratio within
 * {@link #SQUARE_TOLERANCE} of 1) get BGAD's Resize + CenterCrop at the same size (nothing is cut),
 * anything else (e.g. elongated magnetic tiles) is resized whole, distorting the aspect ratio instead
 * of cropping.
 */
public final class PreprocessingChoice {

    /** Largest relative deviation of width/height from 1 still treated as square. */
    public static final double SQUARE_TOLERANCE = 0.05;

    private PreprocessingChoice() {
    }

    public static PreprocessingSpec forImages(Collection<RgbImage> images, int inputSize) {
        for (RgbImage image : images) {
            double aspect = (double) image.width() / image.height();
            if (Math.abs(aspect - 1) > SQUARE_TOLERANCE) {
                return PreprocessingSpec.whole(inputSize);
            }
        }
        return PreprocessingSpec.centerCrop(inputSize, inputSize);
    }
}
