package dev.inspection.core.image;

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
            if (isElongated(image.width(), image.height())) {
                return PreprocessingSpec.whole(inputSize);
            }
        }
        return PreprocessingSpec.centerCrop(inputSize, inputSize);
    }

    /** True when a center crop would cut part of the image away: width/height further than the tolerance from 1. */
    public static boolean isElongated(int width, int height) {
        double aspect = (double) width / height;
        return Math.abs(aspect - 1) > SQUARE_TOLERANCE;
    }
}
